import { randomUUID } from 'node:crypto'
import { ActionRuns, Events } from '#cds-models/e2ba'
import { ChainRunner } from '../../srv/processing/chain-runner'
import { ChainScheduler } from '../../srv/processing/chain-scheduler'
import { ChainLease } from '../../srv/processing/lease'
import { anomalyEvent, eventRow } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { ScriptedExecutor } from '../helpers/scripted-executor'
import { serve } from '../helpers/server'

serve()
const executor = new ScriptedExecutor()
beforeAll(() => {
  executor.registerFor('AI_SUMMARY', 'S4_MAINTENANCE_NOTIFICATION')
})

const ACTION_AI_SUMMARY = '0a000000-0000-4000-8000-000000000001'
const ACTION_NOTIFY_M2 = '0a000000-0000-4000-8000-000000000002'
const CHAIN = '0c000000-0000-4000-8000-000000000001'
const config = { leaseSeconds: 5 }
/** an instance that sweeps every 100 ms */
const instance = () => new ChainScheduler(new ChainRunner(new ChainLease(config)), { maxChains: 10, sweepSeconds: 0.1 })

/** A stored event whose two-step chain waits to run, optionally leased by someone */
async function waitingChain(lease: { leaseOwner?: string; leaseUntil?: string } = {}) {
  const event = anomalyEvent({ assetId: randomUUID() })
  const row = Object.assign(eventRow(event, 'PROCESSING'), lease)
  await INSERT.into(Events).entries(row)
  await INSERT.into(ActionRuns).entries([
    { ID: randomUUID(), event_ID: row.ID, chain_ID: CHAIN, phase_code: 'PRE', position: 1, action_ID: ACTION_AI_SUMMARY, status_code: 'PENDING', attempts: 0 },
    { ID: randomUUID(), event_ID: row.ID, chain_ID: CHAIN, phase_code: 'MAIN', position: 1, action_ID: ACTION_NOTIFY_M2, status_code: 'PENDING', attempts: 0 },
  ])
  return { ID: row.ID as string, assetId: event.data.assetId }
}

const statusOf = async (ID: string) => (await SELECT.one.from(Events).columns('status_code', 'leaseOwner', 'leaseUntil').where({ ID })) as { status_code: string; leaseOwner: string | null; leaseUntil: string | null }

describe('the lease on a chain', () => {
  it('lets exactly one of two instances run a chain: each step runs once', async () => {
    const chain = await waitingChain()
    executor.slowDownForAsset(chain.assetId, 200)
    const [one, two] = [new ChainRunner(new ChainLease(config)), new ChainRunner(new ChainLease(config))]
    await Promise.all([one.run(chain.ID), two.run(chain.ID), one.run(chain.ID), two.run(chain.ID)])
    expect(await statusOf(chain.ID)).toEqual({ status_code: 'DONE', leaseOwner: null, leaseUntil: null })
    expect(executor.callsFor(chain.ID)).toHaveLength(2)
  })

  it('resumes a chain whose owner died, once its lease lapsed', async () => {
    const chain = await waitingChain({ leaseOwner: 'an instance that died', leaseUntil: new Date(Date.now() - 1000).toISOString() })
    const survivor = instance()
    survivor.start()
    await eventually(async () => expect(await statusOf(chain.ID)).toMatchObject({ status_code: 'DONE' }))
    await survivor.stop()
    expect(executor.callsFor(chain.ID)).toHaveLength(2)
  })

  it('leaves a chain alone while its owner holds the lease', async () => {
    const until = new Date(Date.now() + 60_000).toISOString()
    const chain = await waitingChain({ leaseOwner: 'a live instance', leaseUntil: until })
    const other = instance()
    other.start()
    other.offer([chain.ID])
    await new Promise(resolve => setTimeout(resolve, 500))
    await other.stop()
    expect(await statusOf(chain.ID)).toEqual({ status_code: 'PROCESSING', leaseOwner: 'a live instance', leaseUntil: expect.any(String) })
    expect(executor.callsFor(chain.ID)).toEqual([])
  })

  it('lets go of a chain waiting for a retry until the retry is due', async () => {
    const chain = await waitingChain()
    executor.failTransientlyForAsset(chain.assetId, 1)
    const runner = new ChainRunner(new ChainLease(config))
    const { retryAt } = await runner.run(chain.ID)
    const waiting = await statusOf(chain.ID)
    expect(waiting).toMatchObject({ status_code: 'PROCESSING', leaseOwner: null })
    const [run] = await SELECT.from(ActionRuns).columns('nextRetryAt').where({ event_ID: chain.ID, status_code: 'PENDING', nextRetryAt: { '!=': null } })
    expect(waiting.leaseUntil && new Date(waiting.leaseUntil).getTime()).toBe(run?.nextRetryAt && new Date(run.nextRetryAt).getTime())
    expect(retryAt).toBe(run?.nextRetryAt && new Date(run.nextRetryAt).getTime())
  })
})
