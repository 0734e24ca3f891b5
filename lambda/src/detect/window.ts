import type { AnomalyData } from '#contract'
import { MAX_SAMPLES } from '../anomaly-event'
import type { Point, Quality } from '../points'

export type AnomalyType = AnomalyData['anomalyType']
export type Severity = AnomalyData['severity']
export type AlarmState = NonNullable<AnomalyData['alarmState']>

/** What one point shows; the window keeps the most significant */
export interface Finding {
  type: AnomalyType
  severity: Severity
  threshold?: number
}

/** One anomalous run of one series, collapsed: first and last time, peak, count, the latest samples */
export interface AnomalyWindow {
  anomalyType: AnomalyType
  severity: Severity
  windowStart: number
  windowEnd: number
  sampleCount: number
  value?: number
  threshold?: number
  quality?: Quality
  alarmState?: AlarmState
  samples: { time: number; value: number; quality: Quality }[]
}

/** THRESHOLD over RATE_OF_CHANGE over DRIFT; the others live in windows of their own */
const RANK: Record<AnomalyType, number> = { DRIFT: 1, RATE_OF_CHANGE: 2, THRESHOLD: 3, ALARM: 4, BAD_QUALITY: 5 }
const SEVERITY: Record<Severity, number> = { WARNING: 1, CRITICAL: 2 }

export class WindowBuilder {
  private readonly window: AnomalyWindow

  constructor(start: number, finding: Finding) {
    this.window = { anomalyType: finding.type, severity: finding.severity, windowStart: start, windowEnd: start, sampleCount: 0, samples: [] }
    if (finding.threshold !== undefined) this.window.threshold = finding.threshold
  }

  add(point: Point, finding: Finding, value: number | null = point.value) {
    const w = this.window
    const rank = RANK[finding.type] - RANK[w.anomalyType]
    if (rank > 0 || (rank === 0 && SEVERITY[finding.severity] > SEVERITY[w.severity])) {
      w.anomalyType = finding.type
      w.severity = finding.severity
      if (finding.threshold === undefined) delete w.threshold
      else w.threshold = finding.threshold
    } else if (rank === 0 && finding.threshold !== undefined && w.threshold === undefined) w.threshold = finding.threshold
    w.windowEnd = Math.max(w.windowEnd, point.time)
    w.sampleCount++
    if (value !== null && Number.isFinite(value)) {
      if (w.value === undefined || value > w.value) w.value = value
      w.samples.push({ time: point.time, value, quality: point.quality })
      if (w.samples.length > MAX_SAMPLES) w.samples.shift()
    }
  }

  set(fields: Pick<AnomalyWindow, 'quality' | 'alarmState'>) {
    Object.assign(this.window, fields)
  }

  get alarmState() {
    return this.window.alarmState
  }

  result(): AnomalyWindow {
    return this.window
  }
}
