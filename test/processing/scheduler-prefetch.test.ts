import { randomUUID } from 'node:crypto'
import { Events } from '#cds-models/e2ba'
import { ChainRunner, type RunOutcome } from '../../srv/processing/chain-runner'
import { ChainScheduler, PREFETCH } from '../../srv/processing/chain-scheduler'
import { Bulkhead } from '../../srv/processing/bulkhead'
import { inOwnTransaction } from '../../srv/lib/own-transaction'
import { anomalyEvent, eventRow } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { serve } from '../helpers/server'

serve()

const CHAINS = 300
const CONCURRENCY = 2

/**
 * A runner whose chains all call one slow destination with a bulkhead of two, as ChainRunner
 * does: a chain that has to queue for a turn says so, and says when it has one.
 */
class SlowDestination extends ChainRunner {
  readonly taken = new Set<string>()
  private readonly bulkhead = new Bulkhead(CONCURRENCY, 1000)

  override async run(eventID: string): Promise<RunOutcome> {
    this.taken.add(eventID)
    await inOwnTransaction(() => UPDATE(Events, eventID).with({ leaseUntil: new Date(Date.now() + 60_000).toISOString() }))
    const entry = this.bulkhead.enter()
    if (!entry) throw new Error('the bulkhead is full')
    if (entry.queued) this.waiting(eventID, true)
    const leave = await entry.turn
    this.waiting(eventID, false)
    try {
      await new Promise(resolve => setTimeout(resolve, 20))
      await inOwnTransaction(() => UPDATE(Events, eventID).with({ status_code: 'DONE', leaseUntil: null }))
    } finally {
      leave()
    }
    return {}
  }
}

it('takes only about as many chains as its destinations will soon give a turn, leaving the rest to other instances', async () => {
  await INSERT.into(Events).entries(Array.from({ length: CHAINS }, () => eventRow(anomalyEvent({ assetId: randomUUID() }), 'PROCESSING')))
  const runner = new SlowDestination()
  const scheduler = new ChainScheduler(runner, { maxChains: 256, sweepSeconds: 60 })
  scheduler.start()
  // the first sweep: those with a turn and PREFETCH ahead (a few more while turns pass from one
  // chain to the next), not all 300, which it has room for, queued behind a bulkhead of two
  await new Promise(resolve => setTimeout(resolve, 300))
  const held = await SELECT.from(Events).columns('ID').where({ status_code: 'PROCESSING', leaseUntil: { '>': new Date().toISOString() } })
  expect(held.length).toBeGreaterThan(0)
  expect(held.length).toBeLessThanOrEqual(PREFETCH + 4 * CONCURRENCY + 8)
  // and it keeps going as chains end: all of them, none left behind
  await eventually(async () => expect(await SELECT.from(Events).where({ status_code: 'PROCESSING' })).toHaveLength(0), 60_000)
  await scheduler.stop()
  expect(runner.taken.size).toBe(CHAINS)
}, 90_000)
