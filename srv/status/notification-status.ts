import { Incidents, IncidentStatusCode } from '#cds-models/e2ba'
import type { MaintenanceNotification } from '#cds-models/API_MAINTNOTIFICATION'
import type { CdsDate } from '#cds-models/_'

/** The fields of a notification that say where it stands; what the sync reads from S/4 */
export const STATUS_COLUMNS = [
  'MaintenanceNotification',
  'NotifProcessingPhase',
  'NotifProcessingPhaseDesc',
  'NotificationCompletionDate',
  'LastChangeDateTime',
] as const

export type NotificationState = Pick<MaintenanceNotification, (typeof STATUS_COLUMNS)[number]>

/** NotifProcessingPhase of a completed notification; and the phase this app records for a deleted one */
export const PHASE_COMPLETED = '4'
export const PHASE_DELETED = 'D'

/** The incident fields the status is applied to */
export type IncidentStatusRow = Pick<Incidents[number], 'ID' | 'notificationNumber' | 'notificationChangedAt' | 'status_code'>

export type StatusApplied = 'closed' | 'updated' | 'stale'

/**
 * An instant from OData V2 (`/Date(1733380000000+0000)/`) or ISO text, as ISO; undefined
 * when absent or unreadable
 */
export function instant(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined
  const legacy = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value)
  const millis = legacy ? Number(legacy[1]) : Date.parse(value)
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString()
}

/**
 * Puts the notification's status, as read from S/4 (undefined: it no longer exists), on its
 * incident, in the caller's transaction. A read older than the one applied last changes
 * nothing, however late it arrives: the database compares LastChangeDateTime. A completed or
 * deleted notification closes its incident, so the next anomaly of the asset and type opens
 * a new incident, and with it a new notification.
 */
export async function applyNotificationStatus(incident: IncidentStatusRow, state: NotificationState | undefined, now = new Date().toISOString()): Promise<StatusApplied> {
  const changedAt = state ? (instant(state.LastChangeDateTime) ?? now) : now
  const phase = state ? (state.NotifProcessingPhase ?? null) : PHASE_DELETED
  const fields = {
    notificationPhase: phase,
    notificationStatus: state ? (state.NotifProcessingPhaseDesc ?? null) : 'Deleted',
    notificationChangedAt: changedAt,
    notificationCompletedOn: state ? ((instant(state.NotificationCompletionDate)?.slice(0, 10) as CdsDate | undefined) ?? null) : null,
  }
  const notOlder = { ID: incident.ID, and: { notificationChangedAt: null, or: { notificationChangedAt: { '<=': changedAt } } } }
  const updated = (await UPDATE(Incidents).with(fields).where(notOlder)) as unknown as number
  if (!updated) return 'stale'
  if (phase !== PHASE_COMPLETED && phase !== PHASE_DELETED) return 'updated'
  const closed = (await UPDATE(Incidents)
    .with({
      status_code: IncidentStatusCode.CLOSED,
      openSlot: incident.ID,
      closedAt: now,
      closeReason: `notification ${incident.notificationNumber ?? ''} ${phase === PHASE_DELETED ? 'deleted' : 'completed'} in S/4`,
    })
    .where({ ID: incident.ID, status_code: IncidentStatusCode.OPEN })) as unknown as number
  return closed ? 'closed' : 'updated'
}
