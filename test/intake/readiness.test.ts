import cds from '@sap/cds'
import { mockBroker } from '../../mocks/src/broker'
import { eventually } from '../helpers/eventually'
import { serve } from '../helpers/server'

const server = serve()
const ready = () => server.GET('/ready', { validateStatus: () => true })

describe('the readiness path', () => {
  it('is UP once the database answers and the consumer is bound to its queue', async () => {
    await eventually(async () => expect(await ready()).toMatchObject({ status: 200, data: { status: 'UP', database: 'UP', intake: 'UP' } }))
  })

  it('says intake is DOWN while the broker has ended the flow, and UP again once the consumer bound a new one', async () => {
    mockBroker().failFlows()
    await eventually(async () => expect(await ready()).toMatchObject({ status: 503, data: { status: 'DOWN', database: 'UP', intake: 'DOWN' } }))
    await eventually(async () => expect(await ready()).toMatchObject({ status: 200, data: { status: 'UP' } }), 5000)
  })

  it('says the database is DOWN while it does not answer', async () => {
    let databaseDown = true
    cds.db.before('*', () => {
      if (databaseDown) throw new Error('connection to the database lost')
    })
    const res = await ready()
    databaseDown = false
    expect(res).toMatchObject({ status: 503, data: { status: 'DOWN', database: 'DOWN', intake: 'UP' } })
    expect(await ready()).toMatchObject({ status: 200 })
  })
})
