import { randomUUID } from 'node:crypto'
import { anomalyEvent } from '../factories/events'
import { fileDatabase, startAppServer, type AppServer } from '../helpers/app-process'
import { eventually } from '../helpers/eventually'

/**
 * A real server SIGKILLed with chains in flight and started again on the same database: the
 * chains it held resume once their leases lapse, within two minutes of the restart, and no
 * step that had succeeded runs again.
 */
jest.setTimeout(240_000)

const EVENTS = 30
const BROKER = `Basic ${Buffer.from('broker:broker').toString('base64')}`
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const MOCK_S4 = `Basic ${Buffer.from('s4user:s4pass').toString('base64')}`

const database = fileDatabase('crash')
// short leases, so the test need not wait a production minute
const env = {
  ...database.env,
  CDS_CONFIG: JSON.stringify({ requires: { processing: { leaseSeconds: 10, sweepSeconds: 2 } } }),
}
let server: AppServer | undefined

afterAll(async () => {
  await server?.stop()
  database.remove()
})

interface Run {
  ID: string
  event_ID: string
  status_code: string
  attempts: number
  finishedAt: string | null
}
const get = async <T>(url: string) => ((await (await fetch(url, { headers: { authorization: ADMIN } })).json()) as { value: T[] }).value

test('a SIGKILL with chains in flight: all DONE within two minutes of the restart, no succeeded step run again', async () => {
  database.deploy()
  server = await startAppServer(env)
  const first = server
  await fetch(`${first.url}/mock/s4/$control`, { method: 'POST', headers: { authorization: MOCK_S4, 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 1000 }) })
  const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() }))
  for (const event of events) {
    const res = await fetch(`${first.url}/intake/events`, { method: 'POST', headers: { authorization: BROKER, 'content-type': 'application/json' }, body: JSON.stringify(event) })
    expect(res.status).toBe(200)
  }
  const ids = new Set(events.map(e => e.id))
  const ours = async (url: string) => (await get<{ ID: string; eventId: string; status_code: string }>(`${url}/odata/v4/monitoring/Events?$select=ID,eventId,status_code&$top=1000`)).filter(e => ids.has(e.eventId))
  // some chains done, others in flight
  await eventually(async () => expect((await ours(first.url)).filter(e => e.status_code === 'DONE').length).toBeGreaterThan(0), 60_000, 200)
  const succeededBefore = (await get<Run>(`${first.url}/odata/v4/monitoring/ActionRuns?$select=ID,event_ID,status_code,attempts,finishedAt&$top=1000`)).filter(r => r.status_code === 'SUCCEEDED')
  await first.kill()

  server = await startAppServer(env)
  const second = server
  const restarted = Date.now()
  await eventually(async () => expect((await ours(second.url)).filter(e => e.status_code !== 'DONE')).toEqual([]), 120_000, 500)
  const seconds = (Date.now() - restarted) / 1000
  process.stdout.write(`\nall ${EVENTS} chains DONE ${seconds.toFixed(1)} s after the restart\n`)

  const runs = await get<Run>(`${second.url}/odata/v4/monitoring/ActionRuns?$select=ID,event_ID,status_code,attempts,finishedAt&$top=1000`)
  const byId = new Map(runs.map(r => [r.ID, r]))
  // what had succeeded before the crash is untouched: same attempt, same finish
  expect(succeededBefore.map(r => byId.get(r.ID))).toEqual(succeededBefore)
  const stored = await ours(second.url)
  expect(runs.filter(r => stored.some(e => e.ID === r.event_ID) && r.status_code !== 'SUCCEEDED')).toEqual([])
})
