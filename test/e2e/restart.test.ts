import { randomUUID } from 'node:crypto'
import { anomalyEvent } from '../factories/events'
import { fileDatabase, startAppServer, type AppServer } from '../helpers/app-process'

/**
 * A real server process stopped while chains are in flight and started again on the same
 * database: every event completes, and no step runs twice (each succeeded at its first attempt).
 */
jest.setTimeout(180_000)

const EVENTS = 12
const S4_LATENCY_MS = 1500
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const PUBLISHER = `Basic ${Buffer.from('publisher:publisher').toString('base64')}`
const MOCK_S4 = `Basic ${Buffer.from('s4user:s4pass').toString('base64')}`

const database = fileDatabase('restart')
// the same database file for both lives; two S/4 calls at a time, so most chains wait for a turn when it stops
const env = { ...database.env, CDS_CONFIG: JSON.stringify({ requires: { processing: { destinations: { S4HANA: { concurrency: 2 } } } } }) }
let server: AppServer | undefined

afterAll(async () => {
  await server?.stop()
  database.remove()
})

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init)
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

interface EventRow {
  ID: string
  eventId: string
  status_code: string
}
const storedEvents = async (url: string, ids: string[]) =>
  (await json<{ value: EventRow[] }>(`${url}/odata/v4/monitoring/Events?$select=ID,eventId,status_code&$top=1000`, { headers: { authorization: ADMIN } })).value.filter(e =>
    ids.includes(e.eventId),
  )

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

test('a server stopped with chains in flight resumes them after its restart: nothing lost, nothing done twice', async () => {
  database.deploy()
  server = await startAppServer(env)
  const first = server.url
  // a slow S/4: when the server stops, chains are waiting for it or queued behind it
  await json(`${first}/mock/s4/$control`, {
    method: 'POST',
    headers: { authorization: MOCK_S4, 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs: S4_LATENCY_MS }),
  })
  const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() }))
  for (const event of events) {
    const res = await fetch(`${first}/mock/aem/TOPIC/sitewise/anomaly/restart`, {
      method: 'POST',
      headers: { authorization: PUBLISHER, 'content-type': 'application/json', 'solace-delivery-mode': 'persistent', 'solace-message-id': event.id },
      body: JSON.stringify(event),
    })
    expect(res.status).toBe(200)
  }
  const ids = events.map(e => e.id)
  // all stored and their chains queued, none finished yet
  await until('every event is stored', async () => ((await storedEvents(first, ids)).length === EVENTS ? true : undefined))
  expect((await storedEvents(first, ids)).filter(e => e.status_code === 'DONE').length).toBeLessThan(EVENTS)
  await server.stop()

  server = await startAppServer(env)
  const second = server.url
  const done = await until('every event is done', async () => {
    const rows = await storedEvents(second, ids)
    return rows.every(e => e.status_code === 'DONE') ? rows : undefined
  })
  expect(done).toHaveLength(EVENTS)
  const runs = (
    await json<{ value: { event_ID: string; status_code: string; attempts: number }[] }>(
      `${second}/odata/v4/monitoring/ActionRuns?$select=event_ID,status_code,attempts&$top=1000`,
      { headers: { authorization: ADMIN } },
    )
  ).value.filter(r => done.some(e => e.ID === r.event_ID))
  // AI summary and notification per event, each succeeded at its first and only attempt
  expect(runs.length).toBe(EVENTS * 2)
  expect(runs.filter(r => r.status_code !== 'SUCCEEDED' || r.attempts !== 1)).toEqual([])
})
