import { randomUUID } from 'node:crypto'
import { anomalyEvent } from '../factories/events'
import { editViaDraft } from '../helpers/admin-api'
import { fileDatabase, startAppServer, type AppServer } from '../helpers/app-process'
import { startS4Process } from '../helpers/s4-process'

/**
 * Chaos: CHAOS_EVENTS events (200 in `npm test`, 2,000 in `npm run test:chaos`) over many assets, each
 * published one to three times to the webhook in random order; an S/4 stand-in in its own process
 * that fails 30 % of calls with 503, hangs 5 %, commits and loses the answer of 10 % of creates
 * and commits 5 % after the client gave up; the AI stand-in failing 20 %; the server SIGKILLed
 * twice and restarted on the same database. Without anyone reprocessing anything, every event
 * ends DONE with exactly one notification per incident in S/4.
 */
const EVENTS = Number(process.env.CHAOS_EVENTS ?? 200)
const ASSETS = Math.max(10, Math.round(EVENTS / 4))
const PUBLISHERS = 16
jest.setTimeout(20 * 60_000)

const BROKER = `Basic ${Buffer.from('broker:broker').toString('base64')}`
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const ACTION_NOTIFY_M2 = '0a000000-0000-4000-8000-000000000002'
const RULE_VIBRATION_CRITICAL = '0e000000-0000-4000-8000-000000000001'

const database = fileDatabase('chaos')
let server: AppServer | undefined
let s4: Awaited<ReturnType<typeof startS4Process>>

const env = () => ({
  ...database.env,
  CDS_REQUIRES_MOCKS_S4_URL: s4.url,
  CDS_CONFIG: JSON.stringify({
    requires: {
      processing: { leaseSeconds: 10, sweepSeconds: 2, retry: { baseSeconds: 1, maxDelaySeconds: 10 }, destinations: { S4HANA: { breakerFailures: 10, breakerOpenSeconds: 5 } } },
    },
  }),
})

const aiFailing = (url: string) =>
  fetch(`${url}/mock/ai/$control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'ok', failRate: 0.2 }) })

async function restart() {
  await server?.kill()
  server = await startAppServer(env())
  await aiFailing(server.url)
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Posts until the webhook takes it, as a delivery point does: through restarts and 503s */
async function deliver(body: string) {
  for (;;) {
    // a server that is down (killed, restarting) refuses or resets the connection: try again
    const res = await fetch(`${server?.url}/intake/events`, { method: 'POST', headers: { authorization: BROKER, 'content-type': 'application/json' }, body }).catch(() => undefined)
    if (res?.status === 200) return
    // an invalid event (400) is the test's own mistake, not chaos
    if (res && res.status < 500) throw new Error(`the webhook answered ${res.status}: ${await res.text()}`)
    await sleep(200)
  }
}

/** The stored events through the monitor, page by page (a page holds at most 1,000) */
async function monitoredEvents(filter?: string) {
  const events: { eventId: string; status_code: string }[] = []
  for (;;) {
    const query = `$select=eventId,status_code&$orderby=ID&$skip=${events.length}${filter ? `&$filter=${filter}` : ''}`
    const res = await fetch(`${server?.url}/odata/v4/monitoring/Events?${query}`, { headers: { authorization: ADMIN } })
    const page = ((await res.json()) as { value: typeof events }).value
    events.push(...page)
    if (page.length < 1000) return events
  }
}

afterAll(async () => {
  await server?.stop()
  await s4.stop()
  database.remove()
})

test(`chaos: ${EVENTS} events, a flaky S/4 and AI, two SIGKILLs: all DONE, no duplicate in S/4`, async () => {
  s4 = await startS4Process()
  database.deploy()
  server = await startAppServer(env())
  await aiFailing(server.url)
  // each event its own incident (no suppression), so each makes one notification; deadlines short enough for hangs to cost little
  await editViaDraft(server.url, 'Rules', RULE_VIBRATION_CRITICAL, { suppressionMinutes: 0 })
  await editViaDraft(server.url, 'Actions', ACTION_NOTIFY_M2, { timeoutSeconds: 2, commitWindowSeconds: 6 })
  await s4.client.configure({ failRate: 30, hangRate: 5, loseResponseRate: 10, commitLateRate: 5, commitLateMs: 4000, seed: 42 })

  const assets = Array.from({ length: ASSETS }, () => randomUUID())
  const events = Array.from({ length: EVENTS }, (_, i) =>
    // one window after another per asset, all before the event's time
    anomalyEvent({ assetId: assets[i % ASSETS], windowStart: new Date(Date.UTC(2026, 10, 25, 9, 0, i)).toISOString(), windowEnd: new Date(Date.UTC(2026, 10, 25, 9, 1, i)).toISOString() }),
  )
  const deliveries = events.flatMap(e => Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => JSON.stringify(e))).sort(() => Math.random() - 0.5)
  const started = Date.now()
  let next = 0
  const kills = [Math.floor(deliveries.length * 0.3), Math.floor(deliveries.length * 0.7)]
  const publishers = Array.from({ length: PUBLISHERS }, async () => {
    while (next < deliveries.length) {
      const body = deliveries[next++] as string
      await deliver(body)
    }
  })
  const killer = (async () => {
    for (const at of kills) {
      while (next < at) await sleep(50)
      await restart()
    }
  })()
  // progress on stderr: a long run shows where it is
  const progress = setInterval(() => process.stderr.write(`chaos: ${next}/${deliveries.length} deliveries sent after ${((Date.now() - started) / 1000).toFixed(0)} s\n`), 5000)
  await Promise.all([...publishers, killer]).finally(() => clearInterval(progress))
  const published = (Date.now() - started) / 1000

  const ids = new Set(events.map(e => e.id))
  for (;;) {
    const open = (await monitoredEvents(`status_code ne 'DONE'`)).filter(e => ids.has(e.eventId))
    const stored = Number(await (await fetch(`${server.url}/odata/v4/monitoring/Events/$count`, { headers: { authorization: ADMIN } })).text())
    if (!open.length && stored >= EVENTS) break
    if (Date.now() - started > 15 * 60_000) throw new Error(`not all DONE after 15 min: ${open.length} open, e.g. ${JSON.stringify(open.slice(0, 3))}`)
    await sleep(1000)
  }
  const allDone = (Date.now() - started) / 1000

  const byReference = new Map(Object.entries((await s4.client.references()).notifications))
  const documents = [...byReference.values()].reduce((sum, count) => sum + count, 0)
  const duplicates = documents - byReference.size
  const { requestsTotal } = (await s4.client.state()) as { requestsTotal: number }
  const ours = (await monitoredEvents()).filter(e => ids.has(e.eventId))
  process.stdout.write(
    `\nchaos: ${EVENTS} events (${deliveries.length} deliveries) over ${ASSETS} assets, 2 SIGKILLs; published in ${published.toFixed(1)} s, all DONE after ${allDone.toFixed(1)} s; ` +
      `${requestsTotal} S/4 calls, ${documents} notifications for ${byReference.size} references, ${duplicates} duplicates\n`,
  )
  expect(ours).toHaveLength(EVENTS)
  expect(ours.filter(e => e.status_code !== 'DONE')).toEqual([])
  expect(duplicates).toBe(0)
  expect(byReference.size).toBe(EVENTS)
})
