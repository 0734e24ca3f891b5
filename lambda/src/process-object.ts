import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import type { AnomalyData, AnomalyEvent } from '#contract'
import { anomalyEvent, eventId } from './anomaly-event'
import type { AssetDirectory, PropertyInfo } from './aws/assets'
import { ReorderBuffer } from './detect/reorder-buffer'
import { SeriesDetector } from './detect/series-detector'
import { seriesSettings, type ThresholdConfig } from './detect/settings'
import type { AnomalyWindow } from './detect/window'
import { coldTierFile, readColdTier } from './formats/coldtier'
import { readNotifications, type JsonLimits } from './formats/notification'
import type { Logger } from './log'
import { seriesRef, type Point, type SeriesRef } from './points'
import type { PublishQueue } from './publish/publish-queue'
import type { CreatedObject } from './s3-event'

/** What became of one object: counted, and every event it published */
export interface ObjectOutcome {
  bucket: string
  key: string
  format: 'coldtier' | 'notification' | 'skipped'
  reason?: string
  points: number
  series: number
  /** points dropped: out of the reorder window, or replaced by a newer record version */
  late: number
  replaced: number
  events: AnomalyEvent[]
}

export interface ObjectContext {
  s3: S3Client
  assets: AssetDirectory
  queue: PublishQueue
  thresholds: ThresholdConfig
  limits: JsonLimits
  source: string
  log: Logger
  now?: () => Date
}

/** Points of one series held back to be ordered and deduplicated: a later record version within this many points replaces an earlier one */
const REORDER_WINDOW = 4096
const NOTIFICATION_KEY = /\.(json|jsonl|ndjson|txt)$/i

interface Series {
  ref: SeriesRef
  info: PropertyInfo
  buffer: ReorderBuffer
  detector: SeriesDetector
}

/**
 * Reads one object as a stream and publishes an anomaly event for every anomalous window of
 * every series in it. Objects of no known format are skipped; a corrupt one throws after the
 * complete part has been processed, so the invocation fails and ends in the failure destination.
 */
export async function processObject(object: CreatedObject, ctx: ObjectContext): Promise<ObjectOutcome> {
  const outcome: ObjectOutcome = { bucket: object.bucket, key: object.key, format: 'skipped', points: 0, series: 0, late: 0, replaced: 0, events: [] }
  const file = coldTierFile(object.key)
  const format = file ? 'coldtier' : NOTIFICATION_KEY.test(object.key) ? 'notification' : undefined
  const skip = (reason: string) => {
    ctx.log.info('object.skipped', { bucket: object.bucket, key: object.key, reason })
    return { ...outcome, reason }
  }
  if (!format) return skip('no SiteWise export format')
  if (file && !seriesRef(file.seriesId)) return skip('unmodeled data stream: no asset to report on')
  if (object.size === 0) return skip('empty object')

  const body = await read(object, ctx)
  if (!body) return skip('object changed or removed since the event; a newer event covers it')
  outcome.format = format

  const series = new Map<string, Series>()
  const emitted: { series: Series; window: AnomalyWindow }[] = []

  const publishEmitted = (): void | Promise<void> => {
    while (emitted.length) {
      const { series: s, window } = emitted.shift() as { series: Series; window: AnomalyWindow }
      const event = toEvent(object, s, window, ctx)
      outcome.events.push(event)
      const waiting = ctx.queue.submit(event)
      if (waiting) return waiting.then(publishEmitted)
    }
  }

  const open = async (ref: SeriesRef & { propertyAlias?: string }): Promise<Series> => {
    const info = await ctx.assets.property(ref.assetId, ref.propertyId, ref.propertyAlias ? { propertyAlias: ref.propertyAlias } : {})
    const settings = seriesSettings(info.measurement, { assetId: ref.assetId, ...(info.propertyAlias && { propertyAlias: info.propertyAlias }) }, ctx.thresholds)
    const created: Series = { ref, info } as Series
    created.detector = new SeriesDetector(settings, window => emitted.push({ series: created, window }))
    created.buffer = new ReorderBuffer(REORDER_WINDOW, p => created.detector.push(p))
    series.set(ref.seriesId, created)
    return created
  }

  const feed = (s: Series, point: Point): void | Promise<void> => {
    outcome.points++
    s.buffer.push(point)
    if (emitted.length) return publishEmitted()
  }
  const accept = (ref: SeriesRef & { propertyAlias?: string }, point: Point): void | Promise<void> => {
    const known = series.get(ref.seriesId)
    return known ? feed(known, point) : open(ref).then(s => feed(s, point))
  }

  if (file) await readColdTier(body, file, accept, object.size)
  else await readNotifications(body, ctx.limits, accept)

  for (const s of series.values()) {
    s.buffer.flush()
    s.detector.finish()
    outcome.late += s.buffer.late
    outcome.replaced += s.buffer.replaced
    await publishEmitted()
  }
  await ctx.queue.drain()
  outcome.series = series.size
  return outcome
}

/** The object exactly as the event announced it: that version, or that ETag */
async function read(object: CreatedObject, ctx: ObjectContext): Promise<Readable | undefined> {
  try {
    const result = await ctx.s3.send(
      new GetObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        ...(object.versionId ? { VersionId: object.versionId } : object.eTag ? { IfMatch: object.eTag } : {}),
      }),
    )
    return result.Body as Readable
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    if (name === 'PreconditionFailed' || name === 'NoSuchKey' || name === 'NoSuchVersion') return undefined
    throw error
  }
}

const clip = (value: string | undefined, max: number) => (value === undefined ? undefined : value.slice(0, max))

function toEvent(object: CreatedObject, series: Series, window: AnomalyWindow, ctx: ObjectContext): AnomalyEvent {
  const { ref, info } = series
  const windowStart = new Date(window.windowStart).toISOString()
  const data: AnomalyData = {
    assetId: ref.assetId,
    measurement: info.measurement,
    anomalyType: window.anomalyType,
    severity: window.severity,
    windowStart,
    windowEnd: new Date(window.windowEnd).toISOString(),
    sampleCount: window.sampleCount,
    samples: window.samples.map(s => ({ time: new Date(s.time).toISOString(), value: s.value, quality: s.quality })),
  }
  const put = <K extends keyof AnomalyData>(key: K, value: AnomalyData[K] | undefined) => {
    if (value !== undefined) data[key] = value
  }
  put('assetName', clip(info.assetName, 256))
  put('propertyId', clip(ref.propertyId, 36))
  put('propertyAlias', clip(info.propertyAlias, 1000))
  put('propertyName', clip(info.propertyName, 256))
  put('unit', clip(info.unit, 20))
  put('plant', clip(info.plant, 4))
  put('value', window.value)
  put('threshold', window.threshold)
  put('quality', window.quality)
  put('alarmState', window.alarmState)
  const id = eventId({ bucket: object.bucket, key: object.key, objectVersion: object.objectVersion, seriesId: ref.seriesId, anomalyType: window.anomalyType, windowStart })
  return anomalyEvent(data, { id, source: ctx.source, time: (ctx.now ?? (() => new Date()))() })
}
