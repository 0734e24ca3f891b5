import { Events } from '#cds-models/e2ba'
import { anomalyEvent, eventRow } from './factories/events'
import { serve } from './helpers/server'

const server = serve()
const VIEWER = { auth: { username: 'viewer', password: 'viewer' } }

// the chart's time axis: portable SQL, so it runs on sqlite, PostgreSQL and HANA alike
it('gives each event the day it arrived, to filter and group by', async () => {
  const row = eventRow(anomalyEvent())
  await INSERT.into(Events).entries(row)
  const { receivedAt } = (await SELECT.one.from(Events, row.ID as string).columns('receivedAt')) as { receivedAt: string }
  const day = receivedAt.slice(0, 10)
  const { data } = await server.GET(`/odata/v4/monitoring/Events?$select=receivedOn&$filter=receivedOn eq ${day} and ID eq ${row.ID}`, VIEWER)
  expect(data.value).toEqual([expect.objectContaining({ receivedOn: day })])
})
