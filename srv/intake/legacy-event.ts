import { createHash } from 'node:crypto'
import type { AnomalyData, AnomalyEvent, LegacyEvent, Sample } from '#contract'
import { parseBoundedJson } from './bounded-json'
import { InvalidEvent } from './invalid-event'

/**
 * The reference sample's event shape: `{"data": {SourceSystem, DeviceLocation, DeviceType,
 * AssetName, PropertyName, BUCKETId, eventData}}`, where eventData is a SiteWise asset
 * property notification (object or JSON text) whose alarm values carry JSON in stringValue.
 * Normalised into the contract's anomaly event; the id is a hash of the content, so a
 * re-published legacy event is recognised as a duplicate.
 */
export const isLegacyShape = (input: Record<string, unknown>) =>
  typeof input.data === 'object' && input.data !== null && 'eventData' in input.data && !('specversion' in input)

interface Notification {
  payload?: { assetId?: unknown; propertyId?: unknown; values?: unknown }
}

interface Tqv {
  timestamp?: { timeInSeconds?: unknown; offsetInNanos?: unknown }
  quality?: unknown
  value?: { doubleValue?: unknown; integerValue?: unknown; stringValue?: unknown }
}

interface AlarmValue {
  stateName?: unknown
  ruleEvaluation?: { simpleRule?: { inputProperty?: unknown; threshold?: unknown } }
}

const RAISED_ALARM_STATES = ['ACTIVE', 'LATCHED']
const QUALITIES = ['GOOD', 'BAD', 'UNCERTAIN'] as const
const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)

export function fromLegacyEvent(legacy: LegacyEvent, { maxSamples, maxJsonDepth }: { maxSamples: number; maxJsonDepth: number }): AnomalyEvent {
  const { data } = legacy
  const notification = parseNotification(data.eventData, maxJsonDepth)
  const assetId = notification.payload?.assetId
  if (typeof assetId !== 'string' || !assetId) throw new InvalidEvent('data.eventData.payload.assetId: required')
  const values = Array.isArray(notification.payload?.values) ? (notification.payload.values as Tqv[]) : []
  if (!values.length) throw new InvalidEvent('data.eventData.payload.values: at least one value required')

  const alarm = values.map(alarmOf).find(a => a !== undefined)
  const samples = values.map(v => toSample(v, alarmOf(v))).filter((s): s is Sample => s !== undefined)
  const times = values.map(timeOf).sort()
  const windowStart = times[0] ?? new Date(0).toISOString()
  const windowEnd = times.at(-1) ?? windowStart
  const raised = typeof alarm?.stateName === 'string' && RAISED_ALARM_STATES.includes(alarm.stateName)
  const bad = samples.some(s => s.quality === 'BAD')
  const rule = alarm?.ruleEvaluation?.simpleRule

  const anomaly: AnomalyData = {
    assetId,
    assetName: data.AssetName ?? null,
    propertyId: typeof notification.payload?.propertyId === 'string' ? notification.payload.propertyId : null,
    propertyName: data.PropertyName ?? null,
    measurement: measurementOf(`${data.PropertyName ?? ''} ${data.DeviceType ?? ''}`),
    anomalyType: raised ? 'ALARM' : bad ? 'BAD_QUALITY' : 'THRESHOLD',
    severity: alarm?.stateName === 'ACTIVE' ? 'CRITICAL' : 'WARNING',
    value: finite(rule?.inputProperty) ?? Math.max(...samples.map(s => s.value)),
    threshold: finite(rule?.threshold) ?? null,
    windowStart,
    windowEnd,
    sampleCount: values.length,
    quality: bad ? 'BAD' : 'GOOD',
    alarmState: raised ? (alarm.stateName as 'ACTIVE' | 'LATCHED') : null,
    location: data.DeviceLocation?.slice(0, 40) ?? null,
    samples: samples.slice(-maxSamples),
  }
  if (!Number.isFinite(anomaly.value)) anomaly.value = null
  return {
    specversion: '1.0',
    id: `legacy-${createHash('sha256').update(JSON.stringify(legacy)).digest('hex')}`,
    source: `urn:legacy:${data.SourceSystem ?? 'unknown'}`,
    type: 'sitewise.anomaly.detected.v1',
    time: windowEnd,
    subject: assetId,
    datacontenttype: 'application/json',
    data: anomaly,
  }
}

function parseNotification(eventData: unknown, maxJsonDepth: number): Notification {
  if (typeof eventData !== 'string') throw new InvalidEvent('data.eventData: required')
  const parsed = parseBoundedJson(eventData, maxJsonDepth, 'data.eventData')
  if (typeof parsed === 'object' && parsed !== null) return parsed
  throw new InvalidEvent('data.eventData: must be a SiteWise property notification')
}

function alarmOf(tqv: Tqv): AlarmValue | undefined {
  const text = tqv.value?.stringValue
  if (typeof text !== 'string' || !text.startsWith('{')) return undefined
  try {
    const alarm = JSON.parse(text) as AlarmValue
    return typeof alarm.stateName === 'string' ? alarm : undefined
  } catch {
    return undefined
  }
}

/** the last second a time stamp may name: 9999-12-31T23:59:59Z */
const MAX_TIME_IN_SECONDS = 253402300799

function timeOf(tqv: Tqv): string {
  const seconds = finite(tqv.timestamp?.timeInSeconds) ?? 0
  const nanos = finite(tqv.timestamp?.offsetInNanos) ?? 0
  if (seconds < 0 || seconds > MAX_TIME_IN_SECONDS) throw new InvalidEvent(`data.eventData.payload.values.timestamp.timeInSeconds: ${seconds} is out of range`)
  if (nanos < 0 || nanos >= 1e9) throw new InvalidEvent(`data.eventData.payload.values.timestamp.offsetInNanos: ${nanos} is out of range`)
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString()
}

function toSample(tqv: Tqv, alarm: AlarmValue | undefined): Sample | undefined {
  const value = finite(tqv.value?.doubleValue) ?? finite(tqv.value?.integerValue) ?? finite(alarm?.ruleEvaluation?.simpleRule?.inputProperty)
  if (value === undefined) return undefined
  const quality = QUALITIES.find(q => q === tqv.quality) ?? 'GOOD'
  return { time: timeOf(tqv), value, quality }
}

function measurementOf(text: string): AnomalyData['measurement'] {
  const lower = text.toLowerCase()
  if (lower.includes('vib')) return 'vibration'
  if (lower.includes('temp')) return 'temperature'
  return 'other'
}
