import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { Events } from '#cds-models/e2ba'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publish, queueState } from '../helpers/publish'
import { serve } from '../helpers/server'

const server = serve()
const EVENTS = 20

describe('a database outage at intake', () => {
  it('sends nothing to the dead message queue and stores every event once the database is back', async () => {
    let databaseDown = true
    // every statement fails but the rollback: a pool discards a lost connection, while this test's
    // one in-memory connection must come back usable, not stuck in the transaction that failed
    cds.db.before('*', req => {
      if (databaseDown && req.event !== 'ROLLBACK') throw new Error('connection to the database lost')
    })
    const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() }))
    for (const event of events) expect((await publish(server, event)).status).toBe(200)

    // an outage of a few seconds: the consumer holds what it has and takes nothing more
    await new Promise(resolve => setTimeout(resolve, 4000))
    const during = (await queueState(server)) as NonNullable<Awaited<ReturnType<typeof queueState>>>
    expect(during).toMatchObject({ accepted: 0, deadMessageQueue: [] })
    expect(during.depth + during.unsettled).toBe(EVENTS)

    databaseDown = false
    const stored = await eventually(async () => {
      const rows = await SELECT.from(Events).columns('eventId').where({ eventId: { in: events.map(e => e.id) } })
      if (rows.length < EVENTS) throw new Error(`${rows.length} of ${EVENTS} stored`)
      return rows
    }, 60_000)
    expect(stored).toHaveLength(EVENTS)
    expect(await queueState(server)).toMatchObject({ depth: 0, unsettled: 0, deadMessageQueue: [] })
  }, 90_000)
})
