import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { Chains, ChainSteps, Events, Rules } from '#cds-models/e2ba'
import { Bulkhead } from '../../srv/processing/bulkhead'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { s4, webhookReceived } from '../helpers/mocks'
import { publish } from '../helpers/publish'
import { serve } from '../helpers/server'

const server = serve()

const ACTION_NOTIFY_SUPERVISOR = '0a000000-0000-4000-8000-000000000006'

beforeAll(async () => {
  // a small bulkhead for S/4, read when its first chain runs
  Object.assign((cds.env.requires.processing as { destinations: object }).destinations, { S4HANA: { concurrency: 2, maxWaiting: 4 } })
  // events of "FAST…" assets go to the shift supervisor's webhook only
  const chain = { ID: randomUUID(), name: 'Only tell the supervisor' }
  await INSERT.into(Chains).entries(chain)
  await INSERT.into(ChainSteps).entries({ chain_ID: chain.ID, phase_code: 'MAIN', position: 1, action_ID: ACTION_NOTIFY_SUPERVISOR })
  await INSERT.into(Rules).entries({ name: 'Fast assets', priority: 1, active: true, assetPattern: 'FAST*', outcome_code: 'CHAIN', chain_ID: chain.ID, suppressionMinutes: 0 })
})

const statusOf = async (eventId: string) => (await SELECT.one.from(Events).columns('status_code').where({ eventId }))?.status_code

describe('bulkheads: a hung destination holds only its own chains', () => {
  it('runs chains to the webhook while every S/4 call hangs', async () => {
    // every S/4 answer takes longer than the action's 30 s deadline
    await s4.control(server, { latencyMs: 60_000 })
    const hung = Array.from({ length: 30 }, () => anomalyEvent({ assetId: randomUUID(), assetName: 'Slow line motor' }))
    for (const event of hung) expect((await publish(server, event)).status).toBe(200)
    // the hung chains are in flight: their S/4 steps wait for an answer or a turn
    await eventually(async () => expect(await statusOf(hung[0]?.id ?? '')).toBe('PROCESSING'))

    const fast = Array.from({ length: 20 }, () => anomalyEvent({ assetId: randomUUID(), assetName: 'FAST line pump' }))
    for (const event of fast) expect((await publish(server, event)).status).toBe(200)
    // all done long before the first S/4 deadline passes
    await eventually(async () => expect(await Promise.all(fast.map(e => statusOf(e.id)))).toEqual(fast.map(() => 'DONE')), 15_000, 100)
    expect((await webhookReceived(server)).length).toBeGreaterThanOrEqual(20)
    expect(await Promise.all(hung.map(e => statusOf(e.id)))).toEqual(hung.map(() => 'PROCESSING'))
    await s4.reset(server)
  }, 30_000)
})

describe('a bulkhead', () => {
  it('lets `limit` through, queues up to `maxWaiting`, and turns the rest away', async () => {
    const bulkhead = new Bulkhead(2, 1)
    const [a, b] = [bulkhead.enter(), bulkhead.enter()]
    expect([a?.queued, b?.queued]).toEqual([false, false])
    const waiting = bulkhead.enter()
    expect(waiting?.queued).toBe(true)
    expect(bulkhead.enter()).toBeUndefined()
    expect(bulkhead.load).toEqual({ active: 2, waiting: 1 })
    const leaveA = await a?.turn
    leaveA?.()
    leaveA?.() // twice changes nothing
    const leaveC = await waiting?.turn
    expect(bulkhead.load).toEqual({ active: 2, waiting: 0 })
    ;(await b?.turn)?.()
    leaveC?.()
    expect(bulkhead.load).toEqual({ active: 0, waiting: 0 })
  })
})
