import { randomUUID } from 'node:crypto'
import type { Event } from '#cds-models/e2ba'
import { ChannelCode, EventStatusCode } from '#cds-models/e2ba'
import type { AnomalyData, AnomalyEvent } from '#contract'

/** A seeded asset: Hamburg Line 1 Motor 1 */
export const MOTOR_1 = { assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c', assetName: 'Hamburg Line 1 Motor 1' }

/** A valid anomaly event of the contract; every call gets a fresh id */
export function anomalyEvent(data: Partial<AnomalyData> = {}): AnomalyEvent {
  const windowStart = '2026-11-25T10:00:00.000Z'
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:test:sitewise-anomaly',
    type: 'sitewise.anomaly.detected.v1',
    time: '2026-11-25T10:05:01.000Z',
    subject: data.assetId ?? MOTOR_1.assetId,
    datacontenttype: 'application/json',
    data: {
      ...MOTOR_1,
      propertyAlias: '/Plant1010/Line1/Motor1/Vibration',
      measurement: 'vibration',
      unit: 'mm/s',
      anomalyType: 'THRESHOLD',
      severity: 'CRITICAL',
      value: 11.2,
      threshold: 7.1,
      windowStart,
      windowEnd: '2026-11-25T10:05:00.000Z',
      sampleCount: 1,
      samples: [{ time: windowStart, value: 11.2, quality: 'GOOD' }],
      ...data,
    },
  }
}

/** The row the processor stores for a received event */
export function eventRow(event = anomalyEvent(), status: EventStatusCode = EventStatusCode.RECEIVED): Event {
  const { data } = event
  return {
    ID: randomUUID(),
    eventId: event.id,
    channel_code: ChannelCode.QUEUE,
    source: event.source,
    subject: event.subject,
    assetId: data.assetId,
    assetName: data.assetName,
    propertyAlias: data.propertyAlias,
    measurement_code: data.measurement,
    anomalyType_code: data.anomalyType,
    severity_code: data.severity,
    value: data.value,
    threshold: data.threshold,
    unit: data.unit,
    windowStart: data.windowStart,
    windowEnd: data.windowEnd,
    payload: JSON.stringify(event),
    status_code: status,
  }
}
