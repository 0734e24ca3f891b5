import { randomUUID } from 'node:crypto'
import { anomalyEvent } from '../factories/events'
import { fileDatabase, startAppServer, type AppServer } from '../helpers/app-process'
import { eventually } from '../helpers/eventually'

/**
 * S/4 down for five minutes (OUTAGE_SECONDS) under a real server: the circuit breaker opens,
 * chains wait without spending attempts while it is open, a probe finds S/4 back, and every
 * event ends DONE with one notification, without anyone reprocessing anything.
 */
const OUTAGE_SECONDS = Number(process.env.OUTAGE_SECONDS ?? 300)
const EVENTS = 20
const BREAKER = { breakerFailures: 3, breakerOpenSeconds: 20, concurrency: 4 }
jest.setTimeout((OUTAGE_SECONDS + 240) * 1000)

const BROKER = `Basic ${Buffer.from('broker:broker').toString('base64')}`
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const MOCK_S4 = `Basic ${Buffer.from('s4user:s4pass').toString('base64')}`

const database = fileDatabase('outage')
const env = {
  ...database.env,
  CDS_CONFIG: JSON.stringify({
    requires: { processing: { leaseSeconds: 10, sweepSeconds: 2, retry: { baseSeconds: 2, maxDelaySeconds: 30 }, destinations: { S4HANA: BREAKER } } },
  }),
}
let server: AppServer | undefined

afterAll(async () => {
  await server?.stop()
  database.remove()
})

const get = async <T>(path: string) => ((await (await fetch(`${server?.url}/odata/v4/monitoring/${path}`, { headers: { authorization: ADMIN } })).json()) as { value: T[] }).value
const controlS4 = (settings: object) =>
  fetch(`${server?.url}/mock/s4/$control`, { method: 'POST', headers: { authorization: MOCK_S4, 'content-type': 'application/json' }, body: JSON.stringify(settings) })

test(`an S/4 outage of ${OUTAGE_SECONDS} s: the breaker holds the chains back, and all end DONE once S/4 is back`, async () => {
  database.deploy()
  server = await startAppServer(env)
  // every write answers 503 until further notice
  await controlS4({ failNext: 1_000_000, status: 503 })
  const outageStarted = Date.now()
  const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID() }))
  for (const event of events) {
    const res = await fetch(`${server.url}/intake/events`, { method: 'POST', headers: { authorization: BROKER, 'content-type': 'application/json' }, body: JSON.stringify(event) })
    expect(res.status).toBe(200)
  }
  // the monitor shows the open breaker, and each waiting step's next try
  await eventually(async () => expect(await get<{ destination: string; state_code: string }>('DestinationBreakers')).toContainEqual(expect.objectContaining({ destination: 'S4HANA', state_code: 'OPEN' })), 60_000, 500)
  const waiting = await get<{ actionKind: string; status_code: string; nextRetryAt: string | null }>(`ActionRuns?$filter=actionKind eq 'S4_MAINTENANCE_NOTIFICATION'&$top=1000`)
  expect(waiting.filter(r => r.status_code === 'PENDING' && r.nextRetryAt).length).toBeGreaterThan(0)

  await new Promise(resolve => setTimeout(resolve, Math.max(0, outageStarted + OUTAGE_SECONDS * 1000 - Date.now())))
  await controlS4({ failNext: 0 })
  const ids = new Set(events.map(e => e.id))
  await eventually(async () => {
    const ours = (await get<{ eventId: string; status_code: string }>('Events?$select=eventId,status_code&$top=1000')).filter(e => ids.has(e.eventId))
    expect(ours.filter(e => e.status_code !== 'DONE')).toEqual([])
  }, 120_000, 1000)
  process.stdout.write(`\nall ${EVENTS} events DONE ${((Date.now() - outageStarted) / 1000 - OUTAGE_SECONDS).toFixed(1)} s after S/4 came back\n`)

  const runs = await get<{ attempts: number }>(`ActionRuns?$filter=actionKind eq 'S4_MAINTENANCE_NOTIFICATION'&$top=1000`)
  const failedAttempts = runs.reduce((sum, run) => sum + run.attempts - 1, 0)
  // while open, nothing is tried: the failures that opened it, those already under way, and one probe per opening
  const allowed = BREAKER.breakerFailures + BREAKER.concurrency + Math.ceil(OUTAGE_SECONDS / BREAKER.breakerOpenSeconds) + 1
  process.stdout.write(`failed S/4 attempts during the outage: ${failedAttempts} (at most ${allowed}; retrying without a breaker would have made about ${EVENTS * Math.ceil(OUTAGE_SECONDS / 30)})\n`)
  expect(failedAttempts).toBeLessThanOrEqual(allowed)

  const state = (await (await fetch(`${server.url}/mock/s4/$control/state`, { headers: { authorization: MOCK_S4 } })).json()) as { notifications: { MaintNotifExtReferenceNumber: string }[] }
  const references = state.notifications.map(n => n.MaintNotifExtReferenceNumber)
  expect(references).toHaveLength(EVENTS)
  expect(new Set(references).size).toBe(EVENTS)
  expect(await get<{ state_code: string }>(`DestinationBreakers?$filter=destination eq 'S4HANA'`)).toEqual([expect.objectContaining({ state_code: 'CLOSED' })])
})
