import cds from '@sap/cds'
import { deadline } from '../lib/deadline'
import { stopBeforeDatabase } from '../lib/orderly-shutdown'

const LOG = cds.log('processing')

/** Above any action's maxAttempts (at most 20): the chain runner decides when a step gives up */
const MAX_QUEUE_ATTEMPTS = 30

/** How long a stop waits for the queue to record the chains it handed back */
const DRAIN_MS = 10_000

/** cds.queued with its options, which @cap-js/cds-types does not declare */
const queued = cds.queued as (service: cds.Service, options: { maxAttempts: number }) => cds.Service & { flush: () => Promise<void> }

/**
 * The persistent queue (CAP's outbox) in front of the ProcessingService: a chain enqueued
 * inside a transaction is stored with it and runs after it commits, retried with backoff.
 */
export async function chainQueue() {
  const processing = queued(await cds.connect.to('ProcessingService'), { maxAttempts: MAX_QUEUE_ATTEMPTS })
  // at a stop, after the chain runner: the queue records each chain it handed back (to resume
  // at the next start) in a transaction of its own, which must not meet a closed database
  drainAtStop ??= () =>
    deadline(processing.flush(), DRAIN_MS).catch((error: unknown) => LOG.warn('the persistent queue did not settle in time:', (error as Error).message))
  return {
    enqueue: (eventID: string) => processing.send('runChain', { event: eventID }),
    /** processes what was queued before a restart */
    resume: () => processing.flush(),
  }
}

let drainAtStop: (() => Promise<unknown>) | undefined
stopBeforeDatabase('queue', () => drainAtStop?.() ?? Promise.resolve())
