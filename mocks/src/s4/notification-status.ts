import { dateTimeOffsetLiteral, dayOf, fromDateLiteral, timeOf } from './edm-values'
import { ODataError } from './odata-error'
import type { Entity } from './payload'

/**
 * The processing phases of a maintenance notification the stand-in moves through, as
 * S/4HANA's actions do: outstanding (created) → in process → completed, or straight to
 * completed. A completed notification changes no more.
 */
export const PHASES = {
  outstanding: { NotifProcessingPhase: '1', NotifProcessingPhaseDesc: 'Outstanding' },
  inProcess: { NotifProcessingPhase: '3', NotifProcessingPhaseDesc: 'In Process' },
  completed: { NotifProcessingPhase: '4', NotifProcessingPhaseDesc: 'Completed' },
} as const

/** What `CompleteMaintNotification` takes beyond the key: the date and time the completion counts from */
export interface CompletionReference {
  /** an Edm.DateTime (`/Date(ms)/`) */
  NotificationReferenceDate?: unknown
  /** an Edm.Time (`PT…`) */
  NotificationReferenceTime?: unknown
}

const SECOND = 1000

/**
 * When a change happens: LastChangeDateTime has Precision 0, so whole seconds, and each change
 * of a notification is later than the one before (a second later if it falls into the same
 * second), so a poll by LastChangeDateTime sees every change in order.
 */
export function changeTime(previous: unknown, now: Date): Date {
  const second = Math.floor(now.getTime() / SECOND) * SECOND
  const last = typeof previous === 'string' ? fromDateLiteral(previous) : undefined
  return new Date(last === undefined ? second : Math.max(second, Math.floor(last / SECOND) * SECOND + SECOND))
}

/** The LastChange* fields of a change at `at` */
export const lastChange = (at: Date): Entity => ({
  LastChangeDate: dayOf(at),
  LastChangeTime: timeOf(at),
  LastChangeDateTime: dateTimeOffsetLiteral(at.getTime()),
})

function requirePhase(notification: Entity, allowed: readonly string[], action: string) {
  const phase = notification.NotifProcessingPhase
  if (typeof phase === 'string' && allowed.includes(phase)) return
  const description = typeof notification.NotifProcessingPhaseDesc === 'string' ? notification.NotifProcessingPhaseDesc : String(phase)
  throw new ODataError(400, 'S4MOCK/STATUS', `Notification ${String(notification.MaintenanceNotification)} is ${description}: it cannot be ${action}`)
}

/** Sets the notification in process (from outstanding), in place */
export function setInProcess(notification: Entity, now: Date): Entity {
  requirePhase(notification, [PHASES.outstanding.NotifProcessingPhase], 'set in process')
  return Object.assign(notification, PHASES.inProcess, lastChange(changeTime(notification.LastChangeDateTime, now)))
}

/** Completes the notification (outstanding or in process), in place; completion date and time are the reference's, else now */
export function complete(notification: Entity, now: Date, reference: CompletionReference = {}): Entity {
  requirePhase(notification, [PHASES.outstanding.NotifProcessingPhase, PHASES.inProcess.NotifProcessingPhase], 'completed')
  const at = changeTime(notification.LastChangeDateTime, now)
  return Object.assign(notification, PHASES.completed, lastChange(at), {
    NotificationCompletionDate: reference.NotificationReferenceDate ?? dayOf(at),
    CompletionTime: reference.NotificationReferenceTime ?? timeOf(at),
  })
}
