/**
 * Chain execution against an S/4 stand-in in its own process (this one), with per-call latency
 * and a per-destination limit C. Events are stored first by a server that runs no chains
 * (maxChains 0); a second server on the same database then runs them all, timed from its
 * start until every event is DONE. Each chain is one maintenance notification (its S/4 calls
 * counted at the stand-in: look-up, CSRF token, create). The baseline is the bound
 * C / (S/4 calls per chain × latency) of the same run. BENCH_CPU_PROFILE=<dir> profiles the
 * server that runs the chains.
 */
import { randomUUID } from 'node:crypto'
import { anomalyEvent } from '../test/factories/events'
import { fileDatabase, startAppServer } from '../test/helpers/app-process'
import { createViaDraft, editViaDraft } from '../test/helpers/admin-api'
import { startS4Process } from '../test/helpers/s4-process'
import type { Result } from './measure'

const BROKER = `Basic ${Buffer.from('broker:broker').toString('base64')}`
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const ACTION_NOTIFY_M2 = '0a000000-0000-4000-8000-000000000002'
const RULE_VIBRATION_CRITICAL = '0e000000-0000-4000-8000-000000000001'
const LIMIT = 8
const CONCURRENCY = 16

interface Variant {
  name: string
  events: number
  latencyMs: number
  /** percentage of S/4 calls that hang until the client gives up */
  hangRate?: number
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each))
}

async function runVariant(s4: Awaited<ReturnType<typeof startS4Process>>, variant: Variant) {
  const database = fileDatabase('bench-execution')
  database.deploy()
  const processing = { leaseSeconds: 60, sweepSeconds: 1, destinations: { S4HANA: { concurrency: LIMIT, breakerFailures: 10, breakerOpenSeconds: 5 } } }
  const env = (maxChains: number) => ({
    ...database.env,
    CDS_REQUIRES_MOCKS_S4_URL: s4.url,
    CDS_CONFIG: JSON.stringify({ requires: { processing: { ...processing, maxChains } } }),
  })
  // store the events, running no chain
  let server = await startAppServer(env(0))
  // a hung call costs its deadline: the shortest there is
  await editViaDraft(server.url, 'Actions', ACTION_NOTIFY_M2, { timeoutSeconds: 1, commitWindowSeconds: 2 })
  // the chain is the notification alone: the AI stand-in runs inside the server and would be measured with it
  const chain = await createViaDraft(server.url, 'Chains', { name: 'Notification only', steps: [{ phase_code: 'MAIN', position: 1, action_ID: ACTION_NOTIFY_M2 }] })
  await editViaDraft(server.url, 'Rules', RULE_VIBRATION_CRITICAL, { chain_ID: chain })
  const events = Array.from({ length: variant.events }, () => anomalyEvent({ assetId: randomUUID() }))
  await inBatches(events, CONCURRENCY, async event => {
    const res = await fetch(`${server.url}/intake/events`, { method: 'POST', headers: { authorization: BROKER, 'content-type': 'application/json' }, body: JSON.stringify(event) })
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`)
  })
  await server.stop()

  await s4.client.reset()
  await s4.client.configure({ latencyMs: variant.latencyMs, hangRate: variant.hangRate ?? 0 })
  server = await startAppServer({ ...env(256), ...(process.env.BENCH_CPU_PROFILE && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}` }) })
  // from the moment it listens: chains start as it is served
  const started = performance.now()
  for (;;) {
    const res = await fetch(`${server.url}/odata/v4/monitoring/Events/$count?$filter=status_code eq 'DONE'`, { headers: { authorization: ADMIN } })
    if (Number(await res.text()) >= variant.events) break
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const seconds = (performance.now() - started) / 1000
  const state = (await s4.client.state()) as { requestsTotal: number; notifications: unknown[] }
  await server.stop()
  database.remove()
  return { perSecond: variant.events / seconds, s4Calls: state.requestsTotal, notifications: state.notifications.length }
}

export async function run(): Promise<Result[]> {
  const s4 = await startS4Process()
  try {
    const variants: Variant[] = [
      { name: `50 ms S/4 latency, C = ${LIMIT}`, events: 600, latencyMs: 50 },
      { name: '0 ms S/4 latency', events: 2000, latencyMs: 0 },
      { name: `50 ms S/4 latency, C = ${LIMIT}, 5 % of calls hang`, events: 600, latencyMs: 50, hangRate: 5 },
    ]
    const results = []
    for (const variant of variants) {
      const result = await runVariant(s4, variant)
      console.log(`${variant.name}: ${result.perSecond.toFixed(1)} chains/s, ${result.s4Calls} S/4 calls, ${result.notifications} notifications`)
      results.push({ variant, ...result })
    }
    const [healthy] = results
    if (!healthy) return []
    const callsPerChain = healthy.s4Calls / healthy.notifications
    const bound = LIMIT / ((callsPerChain * 50) / 1000)
    console.log(`\nS/4 calls per chain: ${callsPerChain.toFixed(2)}; bound at 50 ms and C = ${LIMIT}: ${bound.toFixed(1)} chains/s`)
    const [, unlimited, hanging] = results
    return [
      { name: `bound: C / (calls per chain × latency)`, operations: 0, perSecond: bound, ratio: 1 },
      { name: healthy.variant.name, operations: healthy.variant.events, perSecond: healthy.perSecond, ratio: healthy.perSecond / bound },
      ...(unlimited ? [{ name: `${unlimited.variant.name} (ratio: to the goal of 200/s)`, operations: unlimited.variant.events, perSecond: unlimited.perSecond, ratio: unlimited.perSecond / 200 }] : []),
      ...(hanging ? [{ name: `${hanging.variant.name} (ratio: to no faults)`, operations: hanging.variant.events, perSecond: hanging.perSecond, ratio: hanging.perSecond / healthy.perSecond }] : []),
    ]
  } finally {
    await s4.stop()
  }
}
