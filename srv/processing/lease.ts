import { randomUUID } from 'node:crypto'
import { EventStatusCode, Events } from '#cds-models/e2ba'
import { processingConfig, type ProcessingConfig } from './processing-config'

const iso = (millis: number) => new Date(millis).toISOString()

/** A chain is due when it is being processed and its lease (or the time it was handed back until) has passed */
const due = () => ({ status_code: EventStatusCode.PROCESSING, and: { leaseUntil: null, or: { leaseUntil: { '<': iso(Date.now()) } } } })

/**
 * Who runs an event's chain, decided by the database, so that several instances (and a
 * restarted one) never run the same chain at once: a lease is taken by a conditional update
 * that only one of them can win, renewed while the steps run, and let go when they stop.
 * A lease that lapses (its owner died) can be taken by anyone. The same column says when a
 * chain is due: a chain waiting for a retry is let go "until" the retry's time.
 * Each method runs in the caller's transaction.
 */
export class ChainLease {
  /** this process, as the owner of the leases it takes */
  readonly owner = randomUUID()

  constructor(private readonly config: Pick<ProcessingConfig, 'leaseSeconds'> = processingConfig()) {}

  get renewEveryMs() {
    return (this.config.leaseSeconds * 1000) / 3
  }

  private until(atLeastMs = 0) {
    return iso(Date.now() + Math.max(this.config.leaseSeconds * 1000, atLeastMs))
  }

  /** Takes the chain if it is being processed and nobody holds it, this process included: one run at a time */
  async take(eventID: string): Promise<boolean> {
    const taken = (await UPDATE(Events)
      .with({ leaseOwner: this.owner, leaseUntil: this.until() })
      .where({ ID: eventID, ...due() })) as unknown as number
    return taken > 0
  }

  /** Makes the lease last at least `ms` from now: a step longer than the lease must not outlive it */
  async extend(eventID: string, ms: number) {
    await UPDATE(Events).with({ leaseUntil: this.until(ms) }).where({ ID: eventID, leaseOwner: this.owner })
  }

  /** Extends the leases held on these chains in one statement; returns those that were lost meanwhile */
  async renew(eventIDs: string[]): Promise<string[]> {
    if (!eventIDs.length) return []
    await UPDATE(Events).with({ leaseUntil: this.until() }).where({ ID: { in: eventIDs }, leaseOwner: this.owner })
    const held = new Set((await SELECT.from(Events).columns('ID').where({ ID: { in: eventIDs }, leaseOwner: this.owner })).map(e => e.ID))
    return eventIDs.filter(ID => !held.has(ID))
  }

  /** Lets go: at once, or not before `notBefore` (a retry that is not due yet); `changes` to the event go with it */
  async release(eventID: string, notBefore: string | null = null, changes: Partial<Events[number]> = {}) {
    await UPDATE(Events).with({ ...changes, leaseOwner: null, leaseUntil: notBefore }).where({ ID: eventID, leaseOwner: this.owner })
  }

  /** Chains being processed that nobody holds and that are due, longest waiting first */
  async due(limit: number): Promise<string[]> {
    const rows = await SELECT.from(Events)
      .columns('ID')
      .where(due())
      .orderBy('leaseUntil')
      .limit(limit)
    return rows.map(e => e.ID as string)
  }
}
