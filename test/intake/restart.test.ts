import { randomUUID } from 'node:crypto'
import { ActionRuns, Events } from '#cds-models/e2ba'
import { mockBroker } from '../../mocks/src/broker'
import { Pipeline } from '../../srv/intake/pipeline'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publish, queueState } from '../helpers/publish'
import { ScriptedExecutor } from '../helpers/scripted-executor'
import { serve } from '../helpers/server'

const server = serve()
const executor = new ScriptedExecutor()

beforeAll(() => {
  executor.registerFor('AI_SUMMARY', 'S4_MAINTENANCE_NOTIFICATION')
})

const EVENTS = 60

describe('restarting with events in flight', () => {
  it('loses no event and executes none twice, after a clean stop or a crash', async () => {
    const pipeline = Pipeline.current as Pipeline
    const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() }))
    for (const event of events) executor.slowDownForAsset(event.data.assetId, 20)

    // half arrive, then the consumer crashes while messages are unsettled
    await Promise.all(events.slice(0, EVENTS / 2).map(e => publish(server, e)))
    mockBroker().dropConnections()
    await pipeline.stop()
    // the rest arrive while nothing consumes; then a clean stop in the middle of the next start
    await Promise.all(events.slice(EVENTS / 2).map(e => publish(server, e)))
    await pipeline.start()
    await pipeline.stop()
    await pipeline.start()

    const stored = await eventually(async () => {
      const rows = await SELECT.from(Events).columns('ID', 'eventId', 'status_code').where({ eventId: { in: events.map(e => e.id) } })
      const pending = rows.filter(r => r.status_code !== 'DONE')
      if (rows.length < EVENTS || pending.length) throw new Error(`${rows.length} stored, ${pending.length} not done`)
      return rows
    }, 60_000)
    expect(stored).toHaveLength(EVENTS)
    expect(new Set(stored.map(r => r.eventId)).size).toBe(EVENTS)
    for (const { ID } of stored) expect(executor.callsFor(ID as string)).toHaveLength(2)
    expect(await SELECT.from(ActionRuns).where({ event_ID: { in: stored.map(r => r.ID) }, status_code: { '!=': 'SUCCEEDED' } })).toEqual([])
    expect(await queueState(server)).toMatchObject({ depth: 0, unsettled: 0, deadMessageQueue: [] })
  })
})
