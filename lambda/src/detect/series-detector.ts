import type { Point } from '../points'
import type { SeriesSettings } from './settings'
import { WindowBuilder, type AlarmState, type AnomalyWindow, type Finding } from './window'

const ALARM_STATES = new Set<string>(['DISABLED', 'NORMAL', 'ACTIVE', 'ACKNOWLEDGED', 'SNOOZE_DISABLED', 'LATCHED'])

/** An alarm state value: plain (`ACTIVE`) or SiteWise's JSON (`{"stateName":"LATCHED","ruleEvaluation":…}`) */
export function alarmState(text: string): { state: AlarmState; input?: number } | undefined {
  const trimmed = text.trim()
  if (ALARM_STATES.has(trimmed)) return { state: trimmed as AlarmState }
  if (!trimmed.startsWith('{')) return undefined
  try {
    const parsed = JSON.parse(trimmed) as { stateName?: unknown; ruleEvaluation?: { simpleRule?: { inputProperty?: unknown } } }
    if (typeof parsed.stateName !== 'string' || !ALARM_STATES.has(parsed.stateName)) return undefined
    const input = parsed.ruleEvaluation?.simpleRule?.inputProperty
    return { state: parsed.stateName as AlarmState, ...(typeof input === 'number' && Number.isFinite(input) && { input }) }
  } catch {
    return undefined
  }
}

/**
 * Watches one time series, point by point in time order, and emits one window per
 * anomalous run: readings (threshold, rate of change, drift), bad quality and alarm states
 * each keep a window of their own. A reading window closes after `quietPoints` normal GOOD
 * points; whatever is open when the object ends is emitted too.
 */
export class SeriesDetector {
  private reading: WindowBuilder | undefined
  private quiet = 0
  private bad: WindowBuilder | undefined
  private badCount = 0
  private lastBad = 0
  private alarm: WindowBuilder | undefined
  // drift state
  private n = 0
  private mean = 0
  private variance = 0
  private fast: number | undefined
  private driftRun = 0
  private driftStart = 0
  // rate state
  private smooth: number | undefined
  private older: { time: number; value: number } | undefined
  private newer: { time: number; value: number } | undefined

  constructor(
    private readonly settings: SeriesSettings,
    private readonly emit: (window: AnomalyWindow) => void,
  ) {}

  push(point: Point) {
    if (point.quality === 'BAD') return this.badPoint(point)
    this.closeBad()
    if (point.quality !== 'GOOD') return
    if (point.value !== null) {
      if (Number.isFinite(point.value)) this.readingPoint(point, point.value)
    } else if (point.text !== null) this.alarmPoint(point, point.text)
  }

  finish() {
    this.closeReading()
    this.closeBad()
    this.closeAlarm()
  }

  private readingPoint(point: Point, value: number) {
    // every detector follows the signal on every point; the most significant finding decides
    const threshold = this.threshold(value)
    const rate = this.rate(point.time, value)
    const drift = this.drift(point.time, value)
    const finding = threshold ?? rate ?? drift
    if (finding) {
      this.quiet = 0
      if (!this.reading) this.reading = new WindowBuilder(finding.type === 'DRIFT' ? this.driftStart : point.time, finding)
      this.reading.add(point, finding)
    } else if (this.reading && ++this.quiet >= this.settings.quietPoints) this.closeReading()
    if (!this.reading) this.learn(value)
  }

  private threshold(value: number): Finding | undefined {
    const levels = this.settings.levels
    if (!levels || value < levels.warning) return undefined
    return value >= levels.critical
      ? { type: 'THRESHOLD', severity: 'CRITICAL', threshold: levels.critical }
      : { type: 'THRESHOLD', severity: 'WARNING', threshold: levels.warning }
  }

  private rate(time: number, value: number): Finding | undefined {
    const rate = this.settings.rate
    if (!rate) return undefined
    this.smooth = this.smooth === undefined ? value : this.smooth + rate.smoothingAlpha * (value - this.smooth)
    if (!this.newer) this.newer = { time, value: this.smooth }
    else if (time - this.newer.time >= rate.spanMs) {
      this.older = this.newer
      this.newer = { time, value: this.smooth }
    }
    if (!this.older || time - this.older.time < rate.spanMs) return undefined
    const perMinute = ((this.smooth - this.older.value) / (time - this.older.time)) * 60_000
    if (perMinute <= rate.limitPerMinute) return undefined
    return { type: 'RATE_OF_CHANGE', severity: perMinute >= 2 * rate.limitPerMinute ? 'CRITICAL' : 'WARNING', threshold: rate.limitPerMinute }
  }

  private drift(time: number, value: number): Finding | undefined {
    const drift = this.settings.drift
    if (!drift) return undefined
    this.fast = this.fast === undefined ? value : this.fast + drift.fastAlpha * (value - this.fast)
    if (this.n < drift.warmupPoints) return undefined
    const limit = this.mean + Math.max(drift.sigmas * Math.sqrt(this.variance), drift.minShift)
    if (this.fast <= limit) {
      this.driftRun = 0
      return undefined
    }
    if (this.driftRun++ === 0) this.driftStart = time
    if (this.driftRun < drift.sustainPoints && !this.reading) return undefined
    return { type: 'DRIFT', severity: 'WARNING', threshold: limit }
  }

  /**
   * The baseline learns only outside windows and outside a rise still being confirmed:
   * cumulative at first, then exponentially weighted, each step clipped at 3σ (a robust
   * EWMA), so the first points of a shift cannot widen the baseline enough to hide it.
   */
  private learn(value: number) {
    const drift = this.settings.drift
    if (!drift || this.driftRun > 0) return
    this.n++
    const alpha = Math.max(drift.slowAlpha, 1 / this.n)
    let d = value - this.mean
    if (this.n > drift.warmupPoints) {
      const bound = 3 * Math.sqrt(this.variance)
      d = Math.min(bound, Math.max(-bound, d))
    }
    this.mean += alpha * d
    this.variance = (1 - alpha) * (this.variance + alpha * d * d)
  }

  private closeReading() {
    if (this.reading) this.emit(this.reading.result())
    this.reading = undefined
    this.quiet = 0
    this.driftRun = 0
  }

  private badPoint(point: Point) {
    if (this.badCount && point.time - this.lastBad > this.settings.badGapMs) this.closeBad()
    if (!this.bad) this.bad = new WindowBuilder(point.time, { type: 'BAD_QUALITY', severity: 'WARNING' })
    this.bad.add(point, { type: 'BAD_QUALITY', severity: 'WARNING' })
    this.bad.set({ quality: 'BAD' })
    this.badCount++
    this.lastBad = point.time
  }

  private closeBad() {
    if (this.bad && this.badCount >= this.settings.badMinPoints) this.emit(this.bad.result())
    this.bad = undefined
    this.badCount = 0
  }

  private alarmPoint(point: Point, text: string) {
    const parsed = alarmState(text)
    if (!parsed) return
    const { state, input } = parsed
    if (state === 'ACTIVE' || state === 'LATCHED') {
      const finding: Finding = { type: 'ALARM', severity: state === 'ACTIVE' ? 'CRITICAL' : 'WARNING' }
      if (!this.alarm) this.alarm = new WindowBuilder(point.time, finding)
      this.alarm.add(point, finding, input ?? null)
      if (state === 'ACTIVE' || this.alarm.alarmState !== 'ACTIVE') this.alarm.set({ alarmState: state })
    } else if (state !== 'ACKNOWLEDGED') this.closeAlarm()
  }

  private closeAlarm() {
    if (this.alarm) this.emit(this.alarm.result())
    this.alarm = undefined
  }
}
