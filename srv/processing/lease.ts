import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { EventStatusCode, Events } from '#cds-models/e2ba'
import { inOwnTransaction } from '../lib/own-transaction'

/** cds.requires.processing: how long a lease lasts unrenewed, and how often lapsed ones are looked for */
export interface ProcessingConfig {
  leaseSeconds: number
  sweepSeconds: number
}

export const processingConfig = () => cds.env.requires.processing as unknown as ProcessingConfig

/**
 * Who runs an event's chain, decided by the database, so that several instances (and a
 * restarted one) never run the same chain at once: a lease is taken by a conditional update
 * that only one of them can win, renewed while the steps run, and let go when they stop.
 * A lease that lapses (its owner died) can be taken by anyone.
 */
export class ChainLease {
  /** this process, as the owner of the leases it takes */
  readonly owner = randomUUID()

  constructor(private readonly config: ProcessingConfig = processingConfig()) {}

  get renewEveryMs() {
    return (this.config.leaseSeconds * 1000) / 3
  }

  private until() {
    return new Date(Date.now() + this.config.leaseSeconds * 1000).toISOString()
  }

  /** Takes the chain if it is being processed and nobody holds it, this process included: one run at a time */
  async take(eventID: string): Promise<boolean> {
    const now = new Date().toISOString()
    const taken = await inOwnTransaction(
      () =>
        UPDATE(Events)
          .with({ leaseOwner: this.owner, leaseUntil: this.until() })
          .where`ID = ${eventID} and status_code = ${EventStatusCode.PROCESSING} and (leaseUntil is null or leaseUntil < ${now})` as unknown as Promise<number>,
    )
    return taken > 0
  }

  /** Extends the lease; false when it was lost meanwhile (this process stalled past its end) */
  async renew(eventID: string): Promise<boolean> {
    const renewed = await inOwnTransaction(() => UPDATE(Events).with({ leaseUntil: this.until() }).where({ ID: eventID, leaseOwner: this.owner }) as unknown as Promise<number>)
    return renewed > 0
  }

  /** Lets go: at once, or not before `notBefore` (a retry that is not due yet) */
  async release(eventID: string, notBefore: string | null = null) {
    await inOwnTransaction(() => UPDATE(Events).with({ leaseOwner: null, leaseUntil: notBefore }).where({ ID: eventID, leaseOwner: this.owner }))
  }

  /** Chains being processed whose lease lapsed: their owner died, or their retry is due */
  async lapsed(limit: number): Promise<string[]> {
    const now = new Date().toISOString()
    const rows = await inOwnTransaction(() => SELECT.from(Events).columns('ID').where({ status_code: EventStatusCode.PROCESSING, leaseUntil: { '<': now } }).limit(limit))
    return rows.map(e => e.ID as string)
  }
}
