import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { coldTierKey, encodeColdTier, rawDatum } from './formats/coldtier-avro'
import { documentKey, linesKey, notificationDocument, notificationLines } from './formats/notification-json'
import { fleetMap } from './fleet'
import { intervalCount, intervals, resolveScenario, type Interval, type Manifest, type Quality, type ScenarioOptions } from './scenario'
import { eachLimited, type ExportObject, type Sink } from './sinks/sink'

/**
 * Export formats: `avro` SiteWise's cold-tier raw files (one per series, interval and quality),
 * `json` one PropertyValueUpdate notification per series and interval, `jsonl` all
 * notifications of an interval in one JSON Lines object.
 */
export type ExportFormat = 'avro' | 'json' | 'jsonl'
export const EXPORT_FORMATS: readonly ExportFormat[] = ['avro', 'json', 'jsonl']

export interface Progress {
  interval: number
  intervals: number
  /** plant time reached, ISO 8601 */
  plantTime: string
  points: number
  objects: number
  bytes: number
  /** manifest ids of the faults active in the interval just written */
  activeFaults: string[]
  elapsedMs: number
}

export interface RunOptions extends ScenarioOptions {
  sinks?: Sink[]
  formats?: ExportFormat[]
  /** key prefix of every object (SiteWise's `keyPrefix`) */
  prefix?: string
  /** plant seconds per wall-clock second; Infinity (default) runs as fast as it can */
  speed?: number
  /** objects put at once */
  concurrency?: number
  /** written before the first object: the ground truth, and the asset map the Lambda reads (ASSET_MAP_FILE) */
  manifestFile?: string
  fleetMapFile?: string
  onProgress?: (progress: Progress) => void
  signal?: AbortSignal
}

export interface ObjectSummary {
  key: string
  bytes: number
  records: number
}

export interface RunResult {
  /** samples generated */
  points: number
  objects: ObjectSummary[]
  manifest: Manifest
}

async function writeJson(path: string, data: unknown) {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, JSON.stringify(data, null, 2) + '\n')
}

/** The objects of one interval in the requested formats; keys and bytes depend only on the scenario */
export async function exportObjects(interval: Interval, formats: readonly ExportFormat[], prefix: string): Promise<ExportObject[]> {
  const objects: ExportObject[] = []
  for (const format of formats) {
    if (format === 'jsonl') {
      const records = interval.series.reduce((n, s) => n + s.samples.length, 0)
      objects.push({ key: linesKey(prefix, interval), body: Buffer.from(notificationLines(interval.series)), contentType: 'application/x-ndjson', records })
      continue
    }
    for (const series of interval.series) {
      if (format === 'json') {
        const key = documentKey(prefix, series, interval)
        objects.push({ key, body: Buffer.from(notificationDocument(series)), contentType: 'application/json', records: series.samples.length })
        continue
      }
      // SiteWise keeps one file per quality
      const byQuality = new Map<Quality, typeof series.samples>()
      for (const sample of series.samples) byQuality.set(sample.quality, [...(byQuality.get(sample.quality) ?? []), sample])
      for (const [quality, samples] of byQuality) {
        const key = coldTierKey(prefix, series.seriesId, interval.start, quality)
        const body = await encodeColdTier(samples.map(s => rawDatum(series.seriesId, s)), key)
        objects.push({ key, body, contentType: 'application/octet-stream', records: samples.length })
      }
    }
  }
  return objects
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    if (ms <= 0 || signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })

/**
 * Runs a scenario: interval by interval, computes the fleet's samples, turns them into export
 * objects and hands them to every sink, paced so that plant time runs `speed` times faster
 * than the wall clock. Resolves with the ground truth once every sink has everything.
 */
export async function runScenario(options: RunOptions = {}): Promise<RunResult> {
  const scenario = resolveScenario(options)
  const formats = options.formats ?? ['avro']
  const unknown = formats.filter(f => !EXPORT_FORMATS.includes(f))
  if (unknown.length > 0) throw new RangeError(`unknown format ${unknown.join(', ')}; known: ${EXPORT_FORMATS.join(', ')}`)
  const prefix = (options.prefix ?? 'sitewise').replace(/^\/+|\/+$/g, '')
  const speed = options.speed ?? Infinity
  if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`)
  const sinks = options.sinks ?? []
  const objectSinks = sinks.filter(s => s.kind === 'objects')
  const sampleSinks = sinks.filter(s => s.kind === 'samples')
  if (options.fleetMapFile) await writeJson(options.fleetMapFile, fleetMap(scenario.fleet))
  if (options.manifestFile) await writeJson(options.manifestFile, scenario.manifest)

  const total = intervalCount(scenario)
  const began = performance.now()
  const result: RunResult = { points: 0, objects: [], manifest: scenario.manifest }
  let bytes = 0
  for (const interval of intervals(scenario)) {
    if (options.signal?.aborted) break
    const objects = objectSinks.length > 0 ? await exportObjects(interval, formats, prefix) : []
    // every sink finishes the interval before a failure of one ends the run
    const delivered = await Promise.allSettled([
      ...objectSinks.map(sink => eachLimited(objects, options.concurrency ?? 8, object => sink.put(object))),
      ...sampleSinks.map(sink => sink.write(interval.series)),
    ])
    const failed = delivered.find(outcome => outcome.status === 'rejected')
    if (failed) throw failed.reason
    for (const object of objects) {
      result.objects.push({ key: object.key, bytes: object.body.length, records: object.records })
      bytes += object.body.length
    }
    result.points += interval.series.reduce((n, s) => n + s.samples.length, 0)
    const activeFaults = scenario.faults
      .map((fault, i) => ({ fault, id: scenario.manifest.faults[i]?.id ?? '' }))
      .filter(({ fault }) => fault.from <= interval.end && fault.to > interval.start)
      .map(({ id }) => id)
    options.onProgress?.({
      interval: interval.index + 1,
      intervals: total,
      plantTime: new Date(interval.end * 1000).toISOString(),
      points: result.points,
      objects: result.objects.length,
      bytes,
      activeFaults,
      elapsedMs: performance.now() - began,
    })
    if (Number.isFinite(speed)) {
      const due = ((interval.end - scenario.start) / speed) * 1000
      await wait(due - (performance.now() - began), options.signal)
    }
  }
  return result
}
