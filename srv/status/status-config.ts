import cds from '@sap/cds'

/** cds.requires.notificationStatus: how the notifications' status comes back from S/4 */
export interface NotificationStatusConfig {
  /** how often each instance looks for notification events waiting to be read */
  sweepSeconds: number
  /** how often changed notifications are polled per destination (by one instance); 0: never */
  pollSeconds: number
  /** how long a claim on events or on a poll lasts: how soon a dead instance's work is taken up */
  leaseSeconds: number
  /** the deadline of each read from S/4 */
  timeoutSeconds: number
  /** how long an event about an unknown notification waits for the step that created it to record its number, before it is ignored */
  unmatchedGraceSeconds: number
  /** notifications per page of a poll */
  pageSize: number
  /** failed reads back off from this, doubling, up to maxDelaySeconds: long enough to ride out an outage */
  retry: { baseSeconds: number; maxDelaySeconds: number }
}

const DEFAULTS: NotificationStatusConfig = {
  sweepSeconds: 5,
  pollSeconds: 300,
  leaseSeconds: 60,
  timeoutSeconds: 30,
  unmatchedGraceSeconds: 120,
  pageSize: 200,
  retry: { baseSeconds: 2, maxDelaySeconds: 300 },
}

export const notificationStatusConfig = (): NotificationStatusConfig => ({
  ...DEFAULTS,
  ...(cds.env.requires as { notificationStatus?: Partial<NotificationStatusConfig> }).notificationStatus,
})
