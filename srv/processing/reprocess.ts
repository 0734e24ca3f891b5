import { ActionRuns, EventStatusCode, Events, RunStatusCode } from '#cds-models/e2ba'

/**
 * Puts a FAILED event back into processing: its failed and skipped steps become pending
 * again (with fresh attempts and retry horizon), succeeded steps stay as they are and are
 * not run again; the chain is due at once. The status change is a
 * conditional update, so two admins (or instances) cannot start it twice.
 * @returns false when the event is not FAILED
 */
export async function reprocess(eventID: string, user: string) {
  const changed = (await UPDATE(Events)
    .where({ ID: eventID, status_code: EventStatusCode.FAILED })
    .with({ status_code: EventStatusCode.PROCESSING, statusReason: `reprocessing, started by ${user}`, leaseOwner: null, leaseUntil: null })) as number
  if (!changed) return false
  await UPDATE(ActionRuns)
    .where({ event_ID: eventID, status_code: { in: [RunStatusCode.FAILED, RunStatusCode.SKIPPED] } })
    .with({ status_code: RunStatusCode.PENDING, attempts: 0, firstAttemptAt: null, nextRetryAt: null, finishedAt: null })
  return true
}
