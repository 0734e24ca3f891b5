import type { AnomalyData } from '#contract'

export type Measurement = AnomalyData['measurement']

/** WARNING and CRITICAL levels of a reading; crossing one upwards is a THRESHOLD anomaly */
export interface Levels {
  warning: number
  critical: number
}

/**
 * Drift: an EWMA control chart, upwards only (wear and heat rise; a falling reading is a
 * load change). A fast EWMA of the readings is compared with a slow baseline (mean and
 * variance) that is frozen while a window is open, so a ramp cannot teach itself normal.
 */
export interface DriftSettings {
  /** points the baseline learns from before drift is judged */
  warmupPoints: number
  fastAlpha: number
  slowAlpha: number
  /** the fast EWMA must exceed the baseline by this many standard deviations of the readings … */
  sigmas: number
  /** … and by at least this much, in the reading's unit (load cycles are no drift) */
  minShift: number
  /** consecutive points beyond both limits before it counts */
  sustainPoints: number
}

/** Rate of change of a smoothed reading, upwards, over at least `spanMs` (a load step is not a spike) */
export interface RateSettings {
  smoothingAlpha: number
  spanMs: number
  /** unit per minute; twice this is CRITICAL */
  limitPerMinute: number
}

export interface SeriesSettings {
  levels?: Levels
  drift?: DriftSettings
  rate?: RateSettings
  /** consecutive normal GOOD points that close an anomaly window */
  quietPoints: number
  /** consecutive BAD points that make a BAD_QUALITY anomaly */
  badMinPoints: number
  /** BAD points further apart than this belong to separate runs */
  badGapMs: number
}

/**
 * Defaults: vibration velocity RMS in mm/s after ISO 10816-3 (4.5 ends zone B, 7.1 ends
 * zone C: damage likely), bearing and winding temperature in °C (80 alarm, 95 trip for
 * rolling bearings; class F windings run hotter, so override per alias where needed).
 */
export const DEFAULT_LEVELS: Record<Exclude<Measurement, 'other'>, Levels> = {
  vibration: { warning: 4.5, critical: 7.1 },
  temperature: { warning: 80, critical: 95 },
}

const COMMON = { quietPoints: 30, badMinPoints: 3, badGapMs: 15 * 60_000 }

const DEFAULT_DRIFT = { warmupPoints: 300, fastAlpha: 0.05, slowAlpha: 0.002, sigmas: 6, sustainPoints: 20 }

export const DEFAULT_SETTINGS: Record<Measurement, SeriesSettings> = {
  vibration: {
    ...COMMON,
    levels: DEFAULT_LEVELS.vibration,
    drift: { ...DEFAULT_DRIFT, minShift: 2 },
    rate: { smoothingAlpha: 0.3, spanMs: 60_000, limitPerMinute: 3 },
  },
  temperature: {
    ...COMMON,
    levels: DEFAULT_LEVELS.temperature,
    drift: { ...DEFAULT_DRIFT, minShift: 20 },
    rate: { smoothingAlpha: 0.3, spanMs: 60_000, limitPerMinute: 5 },
  },
  // unknown signals: only bad quality and alarms, unless levels are configured
  other: { ...COMMON },
}

/** Configured levels: per measurement, per asset (and measurement), per property alias; the most specific wins */
export interface ThresholdConfig {
  vibration?: Levels
  temperature?: Levels
  other?: Levels
  byAsset?: Record<string, Partial<Record<Measurement, Levels>>>
  byAlias?: Record<string, Levels>
}

export function seriesSettings(
  measurement: Measurement,
  where: { assetId: string; propertyAlias?: string },
  config: ThresholdConfig = {},
): SeriesSettings {
  const levels =
    (where.propertyAlias ? config.byAlias?.[where.propertyAlias] : undefined) ??
    config.byAsset?.[where.assetId]?.[measurement] ??
    config[measurement] ??
    DEFAULT_SETTINGS[measurement].levels
  return { ...DEFAULT_SETTINGS[measurement], ...(levels && { levels }) }
}

/** When configuration does not say: from the unit, then from the property name */
export function inferMeasurement(unit?: string, name?: string): Measurement {
  const u = unit?.trim().toLowerCase() ?? ''
  if (/^(mm\/s|in\/s|ips|m\/s²|m\/s2|g|mm\/s rms)$/.test(u)) return 'vibration'
  if (/^(°c|degc|deg c|c|°f|degf|f|k|celsius|fahrenheit|kelvin)$/.test(u)) return 'temperature'
  const n = name?.toLowerCase() ?? ''
  if (n.includes('alarm')) return 'other'
  if (n.includes('vibration')) return 'vibration'
  if (n.includes('temperature') || n.includes('temp')) return 'temperature'
  return 'other'
}
