import { randomUUID } from 'node:crypto'
import { ActionRuns, Events, type EventStatusCode } from '#cds-models/e2ba'
import { eventRow } from './factories/events'
import { as, MONITORING, serve } from './helpers/server'

/** The monitor's header figures: MonitoringService.Kpis, one row over the last 24 hours */
const server = serve()

const AI_SUMMARY = '0a000000-0000-4000-8000-000000000001'
const S4_NOTIFICATION = '0a000000-0000-4000-8000-000000000002'
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString()

/** An event received `receivedAgo` seconds ago whose chain's steps finished `runs` seconds after it */
async function event(status: EventStatusCode, receivedAgo: number, ...runs: { action: string; status: 'SUCCEEDED' | 'FAILED'; after: number }[]) {
  const row = Object.assign(eventRow(), { status_code: status, receivedAt: ago(receivedAgo) })
  await INSERT.into(Events).entries(row)
  for (const [position, run] of runs.entries()) {
    await INSERT.into(ActionRuns).entries({
      ID: randomUUID(), event_ID: row.ID, phase_code: 'MAIN', position, action_ID: run.action, status_code: run.status, finishedAt: ago(receivedAgo - run.after),
    })
  }
}

beforeAll(async () => {
  // the last 24 hours: four events, three of them notified after 10, 20 and 60 seconds
  await event('DONE', 3600, { action: AI_SUMMARY, status: 'SUCCEEDED', after: 2 }, { action: S4_NOTIFICATION, status: 'SUCCEEDED', after: 10 })
  await event('DONE', 7200, { action: S4_NOTIFICATION, status: 'SUCCEEDED', after: 20 })
  await event('FAILED', 600, { action: S4_NOTIFICATION, status: 'FAILED', after: 1 })
  await event('SUPPRESSED', 300)
  // reprocessed: failed once, then created after 60 s
  await event('DONE', 1800, { action: S4_NOTIFICATION, status: 'SUCCEEDED', after: 60 })
  // two days ago: outside every figure
  await event('FAILED', 2 * 86_400)
  await event('DONE', 2 * 86_400, { action: S4_NOTIFICATION, status: 'SUCCEEDED', after: 5 })
})

it('counts the last 24 hours: events, failed, suppressed and their share, notifications and the median time to one', async () => {
  const { status, data } = await server.GET(`${MONITORING}/Kpis`, as('viewer'))
  expect(status).toBe(200)
  expect(data.value).toEqual([
    {
      period: 'P1D',
      periodName: 'Last 24 hours',
      events: 5,
      failed: 1,
      suppressed: 1,
      suppressedShare: 20,
      notifications: 3,
      medianSecondsToNotification: 20,
    },
  ])
})

it.each([
  ['events', 5],
  ['failed', 1],
  ['suppressedShare', 20],
  ['medianSecondsToNotification', 20],
])('answers the KPI tag of the monitor, which aggregates %s', async (measure, value) => {
  const { data } = await server.GET(`${MONITORING}/Kpis?$apply=aggregate(${measure})`, as('viewer'))
  expect(data.value).toEqual([expect.objectContaining({ [measure]: value })])
})

it('has the four KPIs in the annotations the monitor reads, each with the chart its card needs', async () => {
  const { data } = await server.GET(`${MONITORING}/$metadata`, as('viewer'))
  for (const kpi of ['events', 'failed', 'suppressed', 'latency']) {
    expect(data).toMatch(new RegExp(`<Annotation Term="UI.KPI" Qualifier="${kpi}">[\\s\\S]*?<PropertyValue Property="Detail">[\\s\\S]*?@UI.Chart#${kpi}<`))
  }
})
