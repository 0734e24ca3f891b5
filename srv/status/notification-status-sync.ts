import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { MaintenanceNotification } from '#cds-models/API_MAINTNOTIFICATION'
import { ActionKindCode, Actions, Incidents, NotificationEventOutcome, NotificationEvents, NotificationPolls } from '#cds-models/e2ba'
import { StepFailure, type ActionConfig } from '../actions/executor'
import { onS4 } from '../actions/s4-service'
import { uniqueViolation } from '../lib/db-errors'
import { inOwnTransaction } from '../lib/own-transaction'
import { backoffDelay } from '../processing/backoff'
import { guarded } from '../processing/destination-guards'
import { applyNotificationStatus, instant, STATUS_COLUMNS, type IncidentStatusRow, type NotificationState } from './notification-status'
import { notificationStatusConfig, type NotificationStatusConfig } from './status-config'

const LOG = cds.log('status')

const iso = (millis: number) => new Date(millis).toISOString()
/** events per sweep */
const BATCH = 100
/** a poll asks again for the last minute before its watermark: a change S/4 committed late, with an earlier time stamp, is not missed */
const POLL_OVERLAP_MS = 60_000
/** a poll reads at most this many pages; the rest waits for the next one */
const MAX_PAGES = 50

type NotificationAction = ActionConfig & { destination: string }

/**
 * Brings the status of the S/4 notifications this app created back to their incidents, in
 * two ways that meet in applyNotificationStatus:
 * - notification events stored by NotificationEventIntake: the sweep claims them (a lease
 *   in the database, so one instance reads each) and reads each notification by key;
 * - polling, for systems that publish no events: per destination, the one instance holding
 *   the poll's lease reads the notifications changed since its watermark, page by page.
 * Reads are bounded like steps (deadline, the destination's bulkhead and breaker); a failed
 * one backs off, doubling up to minutes, and is tried again until S/4 answers.
 */
export class NotificationStatusSync {
  private readonly owner = randomUUID()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false

  constructor(private readonly config: NotificationStatusConfig = notificationStatusConfig()) {}

  start() {
    this.timer = setInterval(() => this.offer(), this.config.sweepSeconds * 1000)
    this.timer.unref()
    this.offer()
  }

  /** Runs a sweep now, or right after the one running */
  offer() {
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.sweep().finally(() => {
      this.running = undefined
      if (this.again) {
        this.again = false
        this.offer()
      }
    })
  }

  async stop() {
    clearInterval(this.timer)
    this.again = false
    await this.running
  }

  /** Resolves once no sweep runs or is asked for */
  async idle() {
    while (this.running) await this.running
  }

  private async sweep() {
    try {
      await this.readNotifiedNotifications()
      if (this.config.pollSeconds > 0) await this.poll()
    } catch (error) {
      LOG.error('the notification status sync failed, trying again with the next sweep:', error)
    }
  }

  // ---- events

  private async readNotifiedNotifications() {
    const claimed = await this.matchIncidents(await inOwnTransaction(() => this.claimEvents()))
    if (!claimed.length) return
    const incidentIDs = [...new Set(claimed.map(e => e.incident_ID as string))]
    const incidents = (await inOwnTransaction(() =>
      SELECT.from(Incidents).columns('ID', 'notificationNumber', 'notificationChangedAt', 'status_code', 'notificationAction_ID').where({ ID: { in: incidentIDs } }),
    )) as (IncidentStatusRow & { notificationAction_ID?: string | null })[]
    const actions = await inOwnTransaction(() => this.actions(incidents.map(i => i.notificationAction_ID).filter((id): id is string => !!id)))
    await Promise.all(
      incidents.map(incident => {
        const events = claimed.filter(e => e.incident_ID === incident.ID)
        const action = actions.get(incident.notificationAction_ID ?? '')
        if (!action || !incident.notificationNumber) return this.settleEvents(events, NotificationEventOutcome.IGNORED, 'the incident does not say where its notification was created')
        return this.readOne(incident, action, events)
      }),
    )
  }

  /** Claims the events due (pending, unclaimed or their claim lapsed, back-off passed) by a conditional update only one instance wins */
  private async claimEvents(): Promise<NotificationEvents> {
    const now = iso(Date.now())
    const due = { outcome: NotificationEventOutcome.PENDING, and: { leaseUntil: null, or: { leaseUntil: { '<': now } } } }
    const candidates = (await SELECT.from(NotificationEvents).columns('ID').where(due).orderBy('receivedAt').limit(BATCH)).map(e => e.ID as string)
    if (!candidates.length) return []
    await UPDATE(NotificationEvents)
      .with({ leaseOwner: this.owner, leaseUntil: iso(Date.now() + this.config.leaseSeconds * 1000) })
      .where({ ID: { in: candidates }, ...due })
    const claimed: NotificationEvents = await SELECT.from(NotificationEvents)
      .columns('ID', 'eventId', 'notificationNumber', 'receivedAt', 'incident_ID', 'attempts')
      .where({ ID: { in: candidates }, leaseOwner: this.owner })
    return claimed
  }

  /**
   * Links events stored before their notification's number was on an incident (the event can
   * overtake the step that records it); one still without an incident after the grace period
   * is about a notification this app did not create: ignored, and logged
   */
  private async matchIncidents(claimed: NotificationEvents): Promise<NotificationEvents> {
    const unmatched = claimed.filter(e => !e.incident_ID)
    if (!unmatched.length) return claimed
    const numbers = [...new Set(unmatched.map(e => e.notificationNumber as string))]
    const graceEnd = Date.now() - this.config.unmatchedGraceSeconds * 1000
    await inOwnTransaction(async () => {
      const incidents = await SELECT.from(Incidents).columns('ID', 'notificationNumber', 'firstSeen').where({ notificationNumber: { in: numbers } }).orderBy('firstSeen')
        const incidentOf = new Map(incidents.map(i => [i.notificationNumber, i.ID]))
      for (const event of unmatched) {
        const incidentID = incidentOf.get(event.notificationNumber)
        if (incidentID) {
          event.incident_ID = incidentID
          await UPDATE(NotificationEvents, event.ID as string).with({ incident_ID: incidentID })
        } else if (Date.parse(event.receivedAt ?? '') < graceEnd) {
          const reason = `notification ${event.notificationNumber ?? ''} was not created by this app`
          LOG.info('ignored notification event', event.eventId, '-', reason)
          await this.settleEvents([event], NotificationEventOutcome.IGNORED, reason)
        } else {
          await UPDATE(NotificationEvents, event.ID as string).with({ leaseOwner: null, leaseUntil: iso(Date.now() + this.config.sweepSeconds * 1000) })
        }
      }
    })
    return claimed.filter(e => e.incident_ID)
  }

  private async readOne(incident: IncidentStatusRow, action: NotificationAction, events: NotificationEvents) {
    const number = incident.notificationNumber as string
    try {
      const state = await this.read<NotificationState | undefined>(action, `read of notification ${number}`, s4 =>
        s4.run(SELECT.one.from(MaintenanceNotification).columns(...STATUS_COLUMNS).where({ MaintenanceNotification: number })),
      )
      await inOwnTransaction(async () => {
        const applied = await applyNotificationStatus(incident, state)
        if (applied === 'closed') LOG.info(`notification ${number} ${state ? 'completed' : 'deleted'} in S/4: incident ${incident.ID} closed`)
        await this.settleEvents(events, NotificationEventOutcome.APPLIED, state ? `${state.NotifProcessingPhaseDesc ?? state.NotifProcessingPhase ?? ''} (${applied})` : `deleted (${applied})`)
      })
    } catch (error) {
      const attempts = Math.max(...events.map(e => e.attempts ?? 0)) + 1
      const retryAt = Date.now() + this.backoff(attempts)
      LOG.warn(`reading notification ${number} failed (attempt ${attempts}), trying again at ${iso(retryAt)}:`, (error as Error).message)
      await inOwnTransaction(() =>
        UPDATE(NotificationEvents)
          .with({ attempts, reason: (error as Error).message.slice(0, 1000), leaseOwner: null, leaseUntil: iso(retryAt) })
          .where({ ID: { in: events.map(e => e.ID as string) }, leaseOwner: this.owner }),
      ).catch((failure: unknown) => LOG.warn('recording a failed read failed; its claim lapses:', (failure as Error).message))
    }
  }

  private settleEvents(events: NotificationEvents, outcome: NotificationEventOutcome, reason: string) {
    return UPDATE(NotificationEvents)
      .with({ outcome, reason: reason.slice(0, 1000), leaseOwner: null, leaseUntil: null })
      .where({ ID: { in: events.map(e => e.ID as string) }, leaseOwner: this.owner })
  }

  // ---- polling

  private async poll() {
    const actions = (await inOwnTransaction(() => SELECT.from(Actions).where({ kind_code: ActionKindCode.S4_MAINTENANCE_NOTIFICATION }))) as unknown as ActionConfig[]
    const byDestination = new Map<string, NotificationAction[]>()
    for (const action of actions) {
      if (typeof action.destination !== 'string' || !action.destination) continue
      byDestination.set(action.destination, [...(byDestination.get(action.destination) ?? []), action as NotificationAction])
    }
    for (const sharing of byDestination.values()) await this.pollDestination(sharing)
  }

  /** Polls the destination the actions share if its poll is due and this instance wins it */
  private async pollDestination(actions: NotificationAction[]) {
    const [action] = actions as [NotificationAction]
    const { destination } = action
    const watermark = await this.claimPoll(destination)
    if (watermark === undefined) return
    let newest = watermark
    try {
      const since = iso(Date.parse(watermark) - POLL_OVERLAP_MS)
      for (let page = 0; page < MAX_PAGES; page++) {
        const changed = (await this.read(action, `poll of notifications changed since ${since}`, s4 =>
          s4.run(
            SELECT.from(MaintenanceNotification)
              .columns(...STATUS_COLUMNS)
              .where({ LastChangeDateTime: { '>=': since } })
              .orderBy('LastChangeDateTime')
              .limit(this.config.pageSize, page * this.config.pageSize),
          ),
        )) as NotificationState[]
        await inOwnTransaction(() => this.applyChanged(changed, actions))
        for (const state of changed) newest = later(newest, instant(state.LastChangeDateTime))
        if (changed.length < this.config.pageSize) break
      }
      await this.releasePoll(destination, newest, this.config.pollSeconds * 1000)
    } catch (error) {
      const retryMs = Math.min(this.config.pollSeconds * 1000, this.backoff(1))
      LOG.warn(`polling ${destination} for changed notifications failed, trying again in ${Math.round(retryMs / 1000)} s:`, (error as Error).message)
      await this.releasePoll(destination, newest, retryMs).catch(() => undefined)
    }
  }

  /** The watermark if the poll is due and now this instance's; the first poll of a destination is one interval after it is first seen */
  private async claimPoll(destination: string): Promise<string | undefined> {
    const now = Date.now()
    const poll = await inOwnTransaction(() => SELECT.one.from(NotificationPolls).where({ destination }))
    if (!poll) {
      await inOwnTransaction(() =>
        INSERT.into(NotificationPolls).entries({ destination, watermark: iso(now), leaseUntil: iso(now + this.config.pollSeconds * 1000) }),
      ).catch((error: unknown) => {
        // another instance inserted it first: the unique key settled that
        if (!uniqueViolation(error)) throw error
      })
      return undefined
    }
    const taken = (await inOwnTransaction(() =>
      UPDATE(NotificationPolls)
        .with({ leaseOwner: this.owner, leaseUntil: iso(now + this.config.leaseSeconds * 1000) })
        .where({ destination, and: { leaseUntil: null, or: { leaseUntil: { '<': iso(now) } } } }),
    )) as unknown as number
    return taken ? (poll.watermark ?? iso(now)) : undefined
  }

  private releasePoll(destination: string, watermark: string, nextInMs: number) {
    return inOwnTransaction(() =>
      UPDATE(NotificationPolls)
        .with({ watermark, polledAt: iso(Date.now()), leaseOwner: null, leaseUntil: iso(Date.now() + nextInMs) })
        .where({ destination, leaseOwner: this.owner }),
    )
  }

  /**
   * The changed notifications that belong to this app's incidents go onto them; others are none
   * of its business. Only incidents whose notification was created on this destination: numbers
   * are unique within one S/4 system only.
   */
  private async applyChanged(changed: NotificationState[], actions: NotificationAction[]) {
    const numbers = changed.map(n => n.MaintenanceNotification).filter((n): n is string => !!n)
    if (!numbers.length) return
    const incidents = (await SELECT.from(Incidents)
      .columns('ID', 'notificationNumber', 'notificationChangedAt', 'status_code')
      .where({ notificationNumber: { in: numbers }, notificationAction_ID: { in: actions.map(a => a.ID) } })) as IncidentStatusRow[]
    for (const incident of incidents) {
      const state = changed.find(n => n.MaintenanceNotification === incident.notificationNumber)
      const applied = await applyNotificationStatus(incident, state)
      if (applied === 'closed') LOG.info(`notification ${incident.notificationNumber ?? ''} completed in S/4 (polled): incident ${incident.ID} closed`)
    }
  }

  // ---- reads

  private async actions(IDs: string[]) {
    const rows = IDs.length ? ((await SELECT.from(Actions).where({ ID: { in: [...new Set(IDs)] } })) as unknown as ActionConfig[]) : []
    return new Map(rows.filter(a => typeof a.destination === 'string' && a.destination).map(a => [a.ID, a as NotificationAction]))
  }

  /** A read from the action's S/4 API, bounded as a step's call is */
  private read<T>(action: NotificationAction, what: string, run: (s4: cds.Service) => Promise<T>): Promise<T> {
    return guarded(
      action.destination,
      () => onS4({ action, signal: AbortSignal.timeout(this.config.timeoutSeconds * 1000) }, 'API_MAINTNOTIFICATION', { what }, run),
      error => error instanceof StepFailure && error.permanent,
    )
  }

  private backoff(attempt: number) {
    return backoffDelay(attempt, this.config.retry)
  }
}

const later = (a: string, b: string | undefined) => (b && b > a ? b : a)
