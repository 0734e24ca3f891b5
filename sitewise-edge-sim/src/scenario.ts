import { ALARM_THRESHOLD, applyFaults, describeFault, resolveFault, type ActiveFault, type FaultSpec, type InjectedFault } from './faults'
import { defaultFleet, property, timeseriesId, type Asset, type AssetProperty } from './fleet'
import { seededRandom } from './random'
import { AssetSignal, roundTo, streamSeed } from './signals'

export type Quality = 'GOOD' | 'BAD' | 'UNCERTAIN'

/** One value of one property, in SiteWise's terms (TQV) */
export interface Sample {
  timeInSeconds: number
  offsetInNanos: number
  quality: Quality
  value: { doubleValue: number } | { stringValue: string }
}

/** The samples of one series within one object interval */
export interface SeriesSamples {
  asset: Asset
  property: AssetProperty
  seriesId: string
  samples: Sample[]
}

/** One slice of plant time: what one round of objects holds */
export interface Interval {
  index: number
  /** epoch seconds; samples lie in (start, end], as SiteWise's cold tier names files by their exclusive start */
  start: number
  end: number
  series: SeriesSamples[]
}

export interface ScenarioOptions {
  /** same seed, same start, same options → byte-identical output and manifest */
  seed?: number
  /** plant time of the scenario start (exclusive: the first sample is one interval later) */
  start?: Date | string
  durationSeconds?: number
  sampleIntervalSeconds?: number
  /** plant time each round of objects covers */
  objectIntervalSeconds?: number
  /** 'default' (the demo's faults), 'none' (a healthy fleet) or a schedule of one's own */
  faults?: 'default' | 'none' | FaultSpec[]
  /** add a vibration alarm property to every asset, whose state follows the CRITICAL zone */
  alarms?: boolean
  fleet?: Asset[]
}

export interface Manifest {
  seed: number
  start: string
  end: string
  sampleIntervalSeconds: number
  objectIntervalSeconds: number
  assets: number
  healthyAssets: string[]
  faults: InjectedFault[]
}

/** A Monday 06:00 UTC shift start: fixed, so the default output is reproducible on any day */
export const DEFAULT_START = '2025-01-06T06:00:00.000Z'
export const DEFAULT_SEED = 1010

export { ALARM_THRESHOLD }

/**
 * The demo's faults: one of each kind across both plants, plus a second wear case,
 * leaving seven assets healthy. Offsets in minutes, before the seed's jitter.
 */
const DEFAULT_FAULTS: readonly (Omit<FaultSpec, 'startOffset' | 'duration'> & { at: number; minutes: number })[] = [
  { kind: 'BEARING_WEAR', assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c', at: 40, minutes: 90 }, // Hamburg Line 1 Motor 1
  { kind: 'OVERHEATING', assetId: '324997a8-5dcb-5338-8661-52afb9c501c9', at: 90, minutes: 80 }, // Hamburg Line 2 Pump 1
  { kind: 'SPIKE', assetId: '1e3b4cef-24ed-5e76-8862-85f7936528e9', at: 65, minutes: 1 }, // Palo Alto Line 1 Motor 2
  { kind: 'DROPOUT', assetId: 'f01ba3ac-4ae0-5b18-96de-5c0ca487dfae', at: 140, minutes: 15, property: 'temperature' }, // Palo Alto Line 2 Pump 1
  { kind: 'BEARING_WEAR', assetId: '1e5e7116-c19f-5c48-9800-bf451950c5ab', at: 150, minutes: 75 }, // Palo Alto Line 2 Motor 1
]

/** Plant time the default schedule is laid out for; other durations stretch or shrink it */
const DEFAULT_SCHEDULE_SECONDS = 4 * 3600

/**
 * The default schedule, fitted to the scenario's duration (a spike stays a minute long), each
 * start moved by up to ±5 minutes of the 4-hour layout as the seed decides.
 */
export function defaultFaults(seed: number, durationSeconds = DEFAULT_SCHEDULE_SECONDS): FaultSpec[] {
  const random = seededRandom(streamSeed(seed, 'schedule'))
  const scale = durationSeconds / DEFAULT_SCHEDULE_SECONDS
  return DEFAULT_FAULTS.map(({ at, minutes, ...fault }) => ({
    ...fault,
    startOffset: Math.round((at + (random.next() - 0.5) * 10) * 60 * scale),
    duration: fault.kind === 'SPIKE' ? minutes * 60 : Math.max(120, Math.round(minutes * 60 * scale)),
  }))
}

export interface ResolvedScenario {
  seed: number
  start: number
  end: number
  sampleInterval: number
  objectInterval: number
  fleet: Asset[]
  faults: ActiveFault[]
  manifest: Manifest
}

const positiveInteger = (value: number, name: string) => {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive whole number of seconds, got ${value}`)
  return value
}

/** Validates the options once and fixes everything the samples depend on */
export function resolveScenario(options: ScenarioOptions = {}): ResolvedScenario {
  const seed = options.seed ?? DEFAULT_SEED
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`)
  const startMs = new Date(options.start ?? DEFAULT_START).getTime()
  if (!Number.isFinite(startMs)) throw new RangeError(`start is not a date: ${String(options.start)}`)
  const start = Math.floor(startMs / 1000)
  const duration = positiveInteger(options.durationSeconds ?? 4 * 3600, 'durationSeconds')
  const sampleInterval = positiveInteger(options.sampleIntervalSeconds ?? 10, 'sampleIntervalSeconds')
  const objectInterval = positiveInteger(options.objectIntervalSeconds ?? 1800, 'objectIntervalSeconds')
  if (objectInterval % sampleInterval !== 0) throw new RangeError('objectIntervalSeconds must be a multiple of sampleIntervalSeconds')
  if (duration % sampleInterval !== 0) throw new RangeError('durationSeconds must be a multiple of sampleIntervalSeconds')
  const end = start + duration
  const fleet = options.fleet ?? defaultFleet({ alarms: options.alarms })
  const specs = options.faults === 'none' ? [] : Array.isArray(options.faults) ? options.faults : defaultFaults(seed, duration)
  const byId = new Map(fleet.map(asset => [asset.assetId, asset]))
  const faults = specs.map(spec => resolveFault(spec, start, sampleInterval, end))
  const injected = faults.map((fault, index) => {
    const asset = byId.get(fault.spec.assetId)
    if (!asset) throw new RangeError(`fault ${fault.spec.kind} names an asset outside the fleet: ${fault.spec.assetId}`)
    return describeFault(fault, asset, index)
  })
  const faulty = new Set(injected.map(f => f.assetId))
  const manifest: Manifest = {
    seed,
    start: new Date(start * 1000).toISOString(),
    end: new Date(end * 1000).toISOString(),
    sampleIntervalSeconds: sampleInterval,
    objectIntervalSeconds: objectInterval,
    assets: fleet.length,
    healthyAssets: fleet.filter(a => !faulty.has(a.assetId)).map(a => a.assetName),
    faults: injected,
  }
  return { seed, start, end, sampleInterval, objectInterval, fleet, faults, manifest }
}

export function intervalCount(scenario: ResolvedScenario): number {
  return Math.ceil((scenario.end - scenario.start) / scenario.objectInterval)
}

const alarmState = (stateName: string, input: number) =>
  JSON.stringify({ stateName, ruleEvaluation: { simpleRule: { inputProperty: input, operator: 'GREATER', threshold: ALARM_THRESHOLD } } })

/** Per-asset state carried from one interval to the next */
interface AssetState {
  asset: Asset
  signal: AssetSignal
  draws: () => number
  faults: ActiveFault[]
  lastGood: Map<string, number>
  alarm: string | undefined
}

/**
 * The scenario as a stream of intervals: samples are computed lazily, interval by interval,
 * so hours of plant time never sit in memory at once.
 */
export function* intervals(scenario: ResolvedScenario): Generator<Interval> {
  const states: AssetState[] = scenario.fleet.map(asset => {
    const random = seededRandom(streamSeed(scenario.seed, asset.assetId, 'faults'))
    return {
      asset,
      signal: new AssetSignal(asset, scenario.seed),
      draws: () => random.next(),
      faults: scenario.faults.filter(f => f.spec.assetId === asset.assetId),
      lastGood: new Map(),
      alarm: undefined,
    }
  })
  const total = intervalCount(scenario)
  for (let index = 0; index < total; index++) {
    const start = scenario.start + index * scenario.objectInterval
    const end = Math.min(scenario.end, start + scenario.objectInterval)
    const series: SeriesSamples[] = []
    for (const state of states) {
      const { asset } = state
      const perProperty = new Map(asset.properties.map(p => [p.propertyId, [] as Sample[]]))
      const vibrationProperty = property(asset, 'vibration')
      const temperatureProperty = property(asset, 'temperature')
      const alarmProperty = property(asset, 'vibrationAlarm')
      for (let t = start + scenario.sampleInterval; t <= end; t += scenario.sampleInterval) {
        const healthy = state.signal.step(t)
        const sampleOf = (p: AssetProperty | undefined, value: number, decimals: number) => {
          if (!p) return undefined
          const faulted = applyFaults(state.faults, p.role, t, value, state.draws)
          // a dropped-out sensor keeps reporting its last good reading, flagged BAD
          const reading = faulted.bad ? (state.lastGood.get(p.propertyId) ?? roundTo(value, decimals)) : roundTo(faulted.value, decimals)
          if (!faulted.bad) state.lastGood.set(p.propertyId, reading)
          perProperty.get(p.propertyId)?.push({ timeInSeconds: t, offsetInNanos: 0, quality: faulted.bad ? 'BAD' : 'GOOD', value: { doubleValue: reading } })
          return faulted.bad ? undefined : reading
        }
        const vibration = sampleOf(vibrationProperty, healthy.vibration, 3)
        sampleOf(temperatureProperty, healthy.temperature, 2)
        if (alarmProperty && vibration !== undefined) {
          // NORMAL → ACTIVE above the threshold → LATCHED once back below, until acknowledged
          const next = vibration > ALARM_THRESHOLD ? 'ACTIVE' : state.alarm === 'ACTIVE' || state.alarm === 'LATCHED' ? 'LATCHED' : 'NORMAL'
          if (next !== state.alarm) {
            state.alarm = next
            perProperty.get(alarmProperty.propertyId)?.push({ timeInSeconds: t, offsetInNanos: 0, quality: 'GOOD', value: { stringValue: alarmState(next, vibration) } })
          }
        }
      }
      for (const p of asset.properties) {
        const samples = perProperty.get(p.propertyId) ?? []
        if (samples.length > 0) series.push({ asset, property: p, seriesId: timeseriesId(asset, p), samples })
      }
    }
    yield { index, start, end, series }
  }
}
