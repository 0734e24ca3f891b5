import cds from '@sap/cds'
import { createHash } from 'node:crypto'
import { Incidents, NotificationEventOutcome, NotificationEvents } from '#cds-models/e2ba'
import { excerpt } from '../actions/call-failure'
import { InvalidEvent } from '../intake/invalid-event'
import { parseNotificationEvent, type NotificationEvent } from './notification-event'

const LOG = cds.log('status')

const PAYLOAD_EXCERPT = 4000

/** What became of a message: the queue consumer settles REJECTED ones as rejected, all others as accepted */
export type NotificationEventOutcomeOf = { status: NotificationEventOutcome | 'DUPLICATE'; eventId: string; reason?: string }

/**
 * Takes S/4's business events about maintenance notifications off their own queue, through
 * the same queue consumer as anomaly events: each is stored once (its CloudEvents id is
 * unique in the database) before it is acknowledged, and waits as PENDING for the status sync,
 * which finds its incident and reads the notification (or ignores it: not this app's); one that
 * is no notification event is stored as REJECTED.
 * A rejected promise is a transient failure: nothing was stored, try again.
 */
export class NotificationEventIntake {
  /** @param pending hears that an event waits for its notification to be read */
  constructor(private readonly pending: () => void) {}

  async receive(body: Uint8Array | string): Promise<NotificationEventOutcomeOf> {
    let event: NotificationEvent | undefined
    let invalid: string | undefined
    try {
      event = parseNotificationEvent(body)
    } catch (error) {
      if (!(error instanceof InvalidEvent)) throw error
      invalid = error.message
    }
    const outcome = await cds.tx({ user: new cds.User.Privileged() }, () => (event ? store(event, body) : storeRejected(body, invalid ?? '')))
    if (outcome.status === 'PENDING') this.pending()
    else if (outcome.status === 'REJECTED') LOG.warn('rejected notification event', outcome.eventId, '-', outcome.reason)
    return outcome
  }
}

const textOf = (body: Uint8Array | string) => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'))

const stored = async (eventId: string) => Boolean(await SELECT.one.from(NotificationEvents).columns('ID').where({ eventId }))

async function store(event: NotificationEvent, body: Uint8Array | string): Promise<NotificationEventOutcomeOf> {
  const { eventId, notificationNumber } = event
  if (await stored(eventId)) return { status: 'DUPLICATE', eventId }
  // the incident that reported the notification; a number is unique within an S/4 system. None
  // yet may only mean the step that created it has not recorded the number: the sync looks again
  const incident = await SELECT.one.from(Incidents).columns('ID').where({ notificationNumber }).orderBy('firstSeen desc')
  await INSERT.into(NotificationEvents).entries({
    eventId,
    type: event.type,
    notificationNumber,
    eventTime: event.time,
    outcome: NotificationEventOutcome.PENDING,
    incident_ID: incident?.ID ?? null,
    payload: excerpt(textOf(body), PAYLOAD_EXCERPT),
  })
  return { status: NotificationEventOutcome.PENDING, eventId }
}

/** Stored once per distinct body, so a redelivered bad message is not stored again */
async function storeRejected(body: Uint8Array | string, reason: string): Promise<NotificationEventOutcomeOf> {
  const eventId = `rejected-${createHash('sha256').update(body).digest('hex')}`
  if (!(await stored(eventId))) {
    await INSERT.into(NotificationEvents).entries({ eventId, outcome: NotificationEventOutcome.REJECTED, reason: reason.slice(0, 1000), payload: excerpt(textOf(body), PAYLOAD_EXCERPT) })
  }
  return { status: NotificationEventOutcome.REJECTED, eventId, reason }
}
