import cds from '@sap/cds'

/** Above any action's maxAttempts (at most 20): the chain runner decides when a step gives up */
const MAX_QUEUE_ATTEMPTS = 30

/** cds.queued with its options, which @cap-js/cds-types does not declare */
const queued = cds.queued as (service: cds.Service, options: { maxAttempts: number }) => cds.Service & { flush: () => Promise<void> }

/**
 * The persistent queue (CAP's outbox) in front of the ProcessingService: a chain enqueued
 * inside a transaction is stored with it and runs after it commits, retried with backoff.
 */
export async function chainQueue() {
  const processing = queued(await cds.connect.to('ProcessingService'), { maxAttempts: MAX_QUEUE_ATTEMPTS })
  return {
    enqueue: (eventID: string) => processing.send('runChain', { event: eventID }),
    /** processes what was queued before a restart */
    resume: () => processing.flush(),
  }
}
