import { randomUUID } from 'node:crypto'
import type { AnomalyEvent } from '#contract'
import { anomalyEvent } from '../factories/events'
import { fileDatabase, startAppServer, type AppServer } from '../helpers/app-process'
import { eventually } from '../helpers/eventually'

/**
 * SIGTERM in the middle of a burst of 500 events through the webhook, with a slow S/4: intake
 * stops first, then the chain runner, then the database. Nothing that was acknowledged is
 * lost, no error about a closed database appears, and after a restart on the same database
 * file every event ends DONE.
 */
jest.setTimeout(240_000)

const EVENTS = 500
const STOP_AFTER = 200
const CONCURRENCY = 25
const BROKER = `Basic ${Buffer.from('broker:broker').toString('base64')}`
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const MOCK_S4 = `Basic ${Buffer.from('s4user:s4pass').toString('base64')}`
/**
 * What work meeting a closed database says (in memory, a disconnected sqlite database is gone
 * with its tables): storing events, running steps, or the queue recording a chain. CAP's queue
 * scheduler may still try one read of its table as the process ends; that is not work lost.
 */
const CLOSED_DATABASE = /no such table: e2ba_|(INSERT INTO|UPSERT INTO|UPDATE|DELETE FROM) cds_outbox_Messages|database is not open|SQLITE_MISUSE|pool is draining|flow is down|Cannot read properties of undefined/i

const database = fileDatabase('shutdown')
const { env } = database
let server: AppServer | undefined

afterAll(async () => {
  await server?.stop()
  database.remove()
})

/** Posts as the broker's REST delivery point does; true once the event is acknowledged (stored) */
async function deliver(url: string, event: AnomalyEvent) {
  try {
    const res = await fetch(`${url}/intake/events`, { method: 'POST', headers: { authorization: BROKER, 'content-type': 'application/json' }, body: JSON.stringify(event) })
    return res.status === 200
  } catch {
    return false // the server is gone: the broker keeps the message and retries
  }
}

const doneCount = async (url: string, ids: Set<string>) => {
  const res = await fetch(`${url}/odata/v4/monitoring/Events?$select=eventId,status_code&$filter=status_code eq 'DONE'&$top=10000`, { headers: { authorization: ADMIN } })
  return ((await res.json()) as { value: { eventId: string }[] }).value.filter(e => ids.has(e.eventId)).length
}

/** Delivers the events in batches and sends SIGTERM once STOP_AFTER are acknowledged; returns the acknowledged ids */
async function burstWithStop(running: AppServer, events: AnomalyEvent[]) {
  await fetch(`${running.url}/mock/s4/$control`, { method: 'POST', headers: { authorization: MOCK_S4, 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 300 }) })
  const acknowledged = new Set<string>()
  let stopped: Promise<void> | undefined
  for (let i = 0; i < events.length; i += CONCURRENCY) {
    const batch = events.slice(i, i + CONCURRENCY)
    const outcomes = await Promise.all(batch.map(event => deliver(running.url, event)))
    batch.forEach((event, j) => outcomes[j] && acknowledged.add(event.id))
    if (!stopped && acknowledged.size >= STOP_AFTER) stopped = running.stop()
  }
  await stopped
  return acknowledged
}

test('in memory, as npm start runs: the database goes last, so nothing meets a closed database', async () => {
  server = await startAppServer({ CDS_PLUGIN_UI5_ACTIVE: 'false' })
  const acknowledged = await burstWithStop(server, Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() })))
  expect(acknowledged.size).toBeGreaterThanOrEqual(STOP_AFTER)
  expect(server.log()).not.toMatch(CLOSED_DATABASE)
})

test('on a database file: nothing acknowledged is lost, and after a restart every event ends DONE', async () => {
  database.deploy()
  server = await startAppServer(env)
  const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() }))
  const acknowledged = await burstWithStop(server, events)
  expect(server.log()).not.toMatch(CLOSED_DATABASE)

  server = await startAppServer(env)
  const second = server
  // the broker delivers again what was never acknowledged
  for (const event of events.filter(e => !acknowledged.has(e.id))) expect(await deliver(second.url, event)).toBe(true)
  const ids = new Set(events.map(e => e.id))
  await eventually(async () => expect(await doneCount(second.url, ids)).toBe(EVENTS), 180_000, 1000)
  expect(second.log()).not.toMatch(CLOSED_DATABASE)
})
