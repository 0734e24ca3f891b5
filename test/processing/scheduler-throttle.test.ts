import { randomUUID } from 'node:crypto'
import { Events } from '#cds-models/e2ba'
import { ChainRunner, type RunOutcome } from '../../srv/processing/chain-runner'
import { ChainScheduler } from '../../srv/processing/chain-scheduler'
import { inOwnTransaction } from '../../srv/lib/own-transaction'
import { anomalyEvent, eventRow } from '../factories/events'
import { serve } from '../helpers/server'

serve()

const CHAINS = 100

/**
 * A runner whose destination has room for the first few chains only: they run a while and
 * end; every later one finds the destination's queue full and is handed back for a minute,
 * as ChainRunner does (its lease lets go "until" then).
 */
class FullDestination extends ChainRunner {
  readonly taken: string[] = []

  override async run(eventID: string): Promise<RunOutcome> {
    const turn = this.taken.push(eventID)
    // taken: held for a minute
    await inOwnTransaction(() => UPDATE(Events, eventID).with({ leaseUntil: new Date(Date.now() + 60_000).toISOString() }))
    if (turn <= 3) {
      await new Promise(resolve => setTimeout(resolve, 300))
      await inOwnTransaction(() => UPDATE(Events, eventID).with({ status_code: 'DONE' }))
      return {}
    }
    const retryAt = Date.now() + 60_000
    await inOwnTransaction(() => UPDATE(Events, eventID).with({ leaseUntil: new Date(retryAt).toISOString() }))
    return { retryAt, busy: true }
  }
}

it('takes no more chains than end while their destination is full, instead of loading and handing back every due chain', async () => {
  await INSERT.into(Events).entries(Array.from({ length: CHAINS }, () => eventRow(anomalyEvent({ assetId: randomUUID() }), 'PROCESSING')))
  const runner = new FullDestination()
  // no periodic sweep within the test: only the refills after each chain
  const scheduler = new ChainScheduler(runner, { maxChains: 10, sweepSeconds: 60 })
  scheduler.start()
  await new Promise(resolve => setTimeout(resolve, 1500))
  await scheduler.stop()
  // the first ten, then one for each of the three that ended; taking at the pace of free places
  // would have loaded and handed back all hundred within this time
  expect(runner.taken.length).toBeGreaterThanOrEqual(10)
  expect(runner.taken.length).toBeLessThanOrEqual(16)
})
