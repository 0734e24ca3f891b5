import cds from '@sap/cds'
import { deadline } from '../lib/deadline'
import { inOwnTransaction } from '../lib/own-transaction'
import { ChainRunner } from './chain-runner'
import { processingConfig, type ProcessingConfig } from './processing-config'

const LOG = cds.log('processing')

/** retries further off than this are left to the sweep (a timer per chain would only wait) */
const LOCAL_TIMER_MAX_MS = 10 * 60_000
/** after a chain finishes and more were due than fit, look again this soon (each look is a query) */
const REFILL_MS = 100
/** how long chains that were let go of may take to end (a write in progress) */
const LET_GO_MS = 5000
/**
 * chains taken ahead beyond as many as have their destination's turn, so that a free turn seldom
 * waits for a take: with the cores busy, taking and loading a chain takes tens of milliseconds
 * (16 starved three instances sharing two cores in `npm run bench -- scale`)
 */
export const PREFETCH = 64

/** Whether `work` settles within `ms` */
const within = (work: Promise<unknown>, ms: number) =>
  deadline(work, ms).then(
    () => true,
    () => false,
  )

/**
 * Decides when this instance runs which chain. The events table is the queue: a chain is
 * due when its event is PROCESSING and nobody holds its lease (new, its retry due, or its
 * owner died). Intake and reprocessing offer the chains they start at once; a sweep finds
 * the rest; chains handed back until a time come back by a local timer, or by any
 * instance's sweep. Each chain runs on its own, at most `maxChains` at once, so no chain
 * waits for another (unlike a queue that takes chains in chunks and waits for the chunk);
 * chains waiting for their destination's turn (see Bulkhead) do not count, so a slow
 * destination cannot take the places of chains bound elsewhere.
 *
 * A chain taken is held by this instance until it ends, so the scheduler takes only about as
 * many as its destinations will soon give a turn: chains not yet at their destination (being
 * taken and loaded) or waiting for a turn may be as many as those that have one, and PREFETCH
 * more. The rest stay due in the database, where whichever instance has a turn free takes
 * them next; otherwise one instance would take up every due chain of a burst (its own and
 * those stored by the others), queue them behind its own bulkhead, and the others would idle.
 *
 * Which destination a chain calls is known only once it is taken and loaded. When one comes
 * back because its destination's queue is full, taking more at the pace of free places would
 * only load and hand back chains for that destination again and again: the scheduler then
 * takes one more chain per chain that really ended, until the next periodic sweep tries the
 * full room again (the full room of old, without PREFETCH's bound: the crowd for the full
 * destination must not keep the others' chains in the database).
 */
export class ChainScheduler {
  private readonly inFlight = new Map<string, Promise<void>>()
  /** chains in flight that wait for their destination's turn: they take no place among maxChains */
  private readonly waiting = new Set<string>()
  /** chains in flight that have had their destination's turn and do not wait for another */
  private readonly admitted = new Set<string>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private sweeper: NodeJS.Timeout | undefined
  private renewer: NodeJS.Timeout | undefined
  private refill: NodeJS.Timeout | undefined
  private sweeping = false
  private backlog = false
  /**
   * chains stored here that found no room when offered: taken next, as soon as a place frees,
   * before the database is asked, so that instances do not all race for the same due rows
   */
  private readonly offered = new Set<string>()
  private stopping = false
  /** a chain came back because its destination was full: take only as many as ended since (credits) */
  private throttled = false
  private credits = 0

  constructor(
    readonly runner = new ChainRunner(),
    private readonly config: Pick<ProcessingConfig, 'maxChains' | 'sweepSeconds'> = processingConfig(),
  ) {
    runner.waiting = (eventID, waiting) => {
      if (waiting) {
        this.admitted.delete(eventID)
        this.waiting.add(eventID)
      } else {
        this.waiting.delete(eventID)
        this.admitted.add(eventID)
      }
      this.launchOffered()
      this.refillSoon()
    }
  }

  /**
   * Room for more chains: at most maxChains running, and at most as many again waiting for
   * their destination's turn (so a slow destination cannot take the others' places, and a
   * crowd that cannot get a turn anyway is left in the database instead of taken up in vain);
   * and those not past their destination's bulkhead (being taken and loaded, or waiting) at most
   * as many as those past it, and PREFETCH more (see above), unless `wide`
   */
  private room(wide = false) {
    const running = this.inFlight.size - this.waiting.size
    const ahead = this.inFlight.size - this.admitted.size
    const room = Math.min(this.config.maxChains - running, 2 * this.config.maxChains - this.inFlight.size)
    const bounded = wide ? room : Math.min(room, this.admitted.size + PREFETCH - ahead)
    return this.throttled ? Math.min(bounded, this.credits) : bounded
  }

  private refillSoon() {
    if (this.backlog && !this.stopping && this.offered.size === 0) this.refill ??= setTimeout(() => ((this.refill = undefined), void this.sweep()), REFILL_MS).unref()
  }

  start() {
    void this.sweep()
    this.sweeper = setInterval(() => {
      // a destination turned chains away since the last sweep: try the full room again
      const wide = this.throttled
      this.throttled = false
      void this.sweep(wide)
    }, this.config.sweepSeconds * 1000).unref()
    this.renewer = setInterval(() => void this.renew(), this.runner.lease.renewEveryMs).unref()
  }

  /**
   * Chains that became due now (stored, reprocessed): they start at once if there is room, else
   * as soon as there is (up to maxChains of them wait so; the rest are found by a sweep)
   */
  offer(eventIDs: Iterable<string>) {
    for (const eventID of eventIDs) {
      if (this.inFlight.has(eventID)) continue
      if (this.offered.size < this.config.maxChains) this.offered.add(eventID)
      else this.backlog = true
    }
    this.launchOffered()
  }

  /** Launches offered chains while there is room */
  private launchOffered(wide = false) {
    for (const eventID of this.offered) {
      if (this.stopping || this.room(wide) <= 0) return
      this.offered.delete(eventID)
      if (this.inFlight.has(eventID)) continue
      if (this.throttled) this.credits--
      this.launch(eventID)
    }
  }

  /** Launches as many of these as there is room for (see room); notes a backlog when some are left */
  private launchAll(eventIDs: Iterable<string>, wide = false) {
    for (const eventID of eventIDs) {
      if (this.stopping || this.inFlight.has(eventID)) continue
      if (this.room(wide) <= 0) {
        this.backlog = true
        continue
      }
      if (this.throttled) this.credits--
      this.launch(eventID)
    }
  }

  /**
   * Starts no new chain, lets the steps in progress finish, then lets go of the rest: their
   * calls are cancelled and they write nothing more, so nothing of them is left running when
   * the database disconnects (see ChainRunner.letGo)
   */
  async stop(graceMs = 10_000) {
    this.stopping = true
    this.offered.clear()
    this.runner.stop()
    for (const timer of [this.sweeper, this.renewer, this.refill]) clearInterval(timer)
    for (const timer of this.timers.values()) clearTimeout(timer)
    const settled = Promise.allSettled([...this.inFlight.values()])
    if (await within(settled, graceMs)) return
    this.runner.letGo()
    // what they are writing still commits; then they end
    await within(settled, LET_GO_MS)
  }

  get running() {
    return this.inFlight.size
  }

  private launch(eventID: string) {
    const run = this.runner
      .run(eventID)
      .then(({ retryAt, busy }) => {
        if (busy) {
          this.throttled = true
          this.credits = 0
        } else if (this.throttled) this.credits++
        if (retryAt !== undefined) this.comeBack(eventID, retryAt)
      })
      .catch((error: unknown) => LOG.warn(`event ${eventID}: running the chain failed:`, (error as Error).message))
      .finally(() => {
        this.inFlight.delete(eventID)
        this.waiting.delete(eventID)
        this.admitted.delete(eventID)
        this.launchOffered()
        this.refillSoon()
      })
    this.inFlight.set(eventID, run)
  }

  /** Offers the chain again when it is due, if that is soon; otherwise a sweep finds it */
  private comeBack(eventID: string, at: number) {
    const delay = at - Date.now()
    if (this.stopping || delay > LOCAL_TIMER_MAX_MS) return
    clearTimeout(this.timers.get(eventID))
    const timer = setTimeout(
      () => {
        this.timers.delete(eventID)
        this.offer([eventID])
      },
      // a moment after it is due: the lease's time must have passed for the take to win
      Math.max(0, delay) + 5,
    ).unref()
    this.timers.set(eventID, timer)
  }

  private async sweep(wide = false) {
    if (this.sweeping || this.stopping) return
    this.launchOffered(wide)
    const room = this.room(wide)
    if (room <= 0) {
      this.backlog = true
      return
    }
    this.sweeping = true
    try {
      const due = (await inOwnTransaction(() => this.runner.lease.due(room))).filter(ID => !this.inFlight.has(ID) && !this.offered.has(ID))
      this.backlog = due.length >= room
      this.launchAll(due, wide)
    } catch (error) {
      LOG.warn('looking for due chains failed:', (error as Error).message)
    } finally {
      this.sweeping = false
    }
  }

  /** Renews the leases of all chains in flight in one statement; those lost stop before their next step */
  private async renew() {
    try {
      const lost = await inOwnTransaction(() => this.runner.lease.renew([...this.inFlight.keys()]))
      for (const eventID of lost) this.runner.leaseLost(eventID)
    } catch (error) {
      LOG.warn('renewing the leases failed:', (error as Error).message)
    }
  }
}

let scheduler: ChainScheduler | undefined

/** This instance's scheduler, created with the ProcessingService */
export const chainScheduler = () => (scheduler ??= new ChainScheduler())
