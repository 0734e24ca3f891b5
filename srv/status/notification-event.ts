import { Limits } from '#cds-models/e2ba/contract'
import { parseBoundedJson } from '../intake/bounded-json'
import { InvalidEvent } from '../intake/invalid-event'

/**
 * S/4HANA's business events about maintenance notifications (SAP Business Accelerator Hub,
 * "Maintenance Notification Events"): CloudEvents of type
 * `sap.s4.beh.maintenancenotification.v1.MaintenanceNotification.<Created|Changed|…>.v1`
 * whose data carries the notification's key. They are signals: whatever the operation, the
 * notification's status is read from S/4 afterwards, so any of the object's event types works
 * and an event arriving late or twice cannot roll the status back.
 */
export const NOTIFICATION_EVENT_TYPE = /^sap\.s4\.beh\.maintenancenotification\.v1\.MaintenanceNotification\.[A-Za-z]+\.v\d+$/

/** What a notification event says: which notification may have changed, and when */
export interface NotificationEvent {
  /** CloudEvents id: stored once */
  eventId: string
  type: string
  notificationNumber: string
  time: string | null
}

const MAX_EVENT_BYTES = 64 * 1024
const MAX_ID_LENGTH = 128
/** MaintenanceNotification is Edm.String(12), numeric in practice */
const NOTIFICATION_NUMBER = /^\d{1,12}$/

const text = (body: Uint8Array | string) => (typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body))

/** The message as a notification event, or InvalidEvent saying why it is none */
export function parseNotificationEvent(body: Uint8Array | string): NotificationEvent {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
  if (bytes === 0) throw new InvalidEvent('message is empty')
  if (bytes > MAX_EVENT_BYTES) throw new InvalidEvent(`message of ${bytes} bytes exceeds the limit of ${MAX_EVENT_BYTES}`)
  let json: string
  try {
    json = text(body)
  } catch {
    throw new InvalidEvent('message is not UTF-8 text')
  }
  const event = parseBoundedJson(json, Limits.maxJsonDepth, 'message') as Record<string, unknown> | null
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new InvalidEvent('message must be a JSON object')
  const { id, type, time, data } = event
  if (event.specversion !== '1.0') throw new InvalidEvent('specversion: must be "1.0" (a CloudEvent)')
  if (typeof id !== 'string' || !id || id.length > MAX_ID_LENGTH) throw new InvalidEvent(`id: must be a string of 1 to ${MAX_ID_LENGTH} characters`)
  if (typeof type !== 'string' || !NOTIFICATION_EVENT_TYPE.test(type)) throw new InvalidEvent(`type: not a maintenance notification event: ${String(type).slice(0, 200)}`)
  const number = (data as { MaintenanceNotification?: unknown } | null | undefined)?.MaintenanceNotification
  if (typeof number !== 'string' || !NOTIFICATION_NUMBER.test(number)) throw new InvalidEvent('data.MaintenanceNotification: must be a notification number of up to 12 digits')
  const millis = typeof time === 'string' ? Date.parse(time) : NaN
  return { eventId: id, type, notificationNumber: number, time: Number.isNaN(millis) ? null : new Date(millis).toISOString() }
}
