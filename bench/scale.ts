/**
 * Scale-out on PostgreSQL: the same load consumed by one instance and by several, sharing one
 * partitioned queue of the mock broker (its own process) and one database. Each run spools its
 * whole load while the queue's delivery is paused, starts the instances, and is timed from
 * resuming delivery until the load is done, so instance start-up and publishing are not
 * measured. Ratios are to one instance in the same run.
 *   chains:    each event a new incident whose chain makes one notification at an S/4 stand-in
 *              (own process) with 50 ms latency, C S/4 calls at a time per instance; done = every
 *              event DONE; then one notification per event and no duplicate
 *   intake:    an alarm storm over 100 assets, no chains run; done = every message settled;
 *              then every event stored once and all but one per asset suppressed
 * Each run also reports how busy the machine's CPUs were: all processes share them.
 * BENCH_SCALE_ONLY=text runs only the variants whose name contains the text (e.g. 'C = 2').
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { AnomalyEvent } from '#contract'
import { startEmbeddedPostgres } from '../scripts/scale/embedded-postgres'
import { copyDatabase, postgresEnv } from '../scripts/scale/postgres'
import { anomalyEvent } from '../test/factories/events'
import { createViaDraft, editViaDraft } from '../test/helpers/admin-api'
import { startAppServer, type AppServer } from '../test/helpers/app-process'
import { startBrokerProcess } from '../scripts/scale/broker-process'
import { startS4Process } from '../test/helpers/s4-process'
import type { Result } from './measure'

const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const ACTION_NOTIFY_M2 = '0a000000-0000-4000-8000-000000000002'
const RULE_VIBRATION_CRITICAL = '0e000000-0000-4000-8000-000000000001'
const TEMPLATE = 'e2ba_bench_template'
const PARTITIONS = 12
const LIMIT = 8
const EXECUTION_EVENTS = Number(process.env.BENCH_SCALE_CHAINS ?? 600)
const INTAKE_EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 10_000)
const PUBLISHERS = 16
/** runs only the variants whose name contains this text (e.g. BENCH_SCALE_ONLY='C = 2') */
const ONLY = process.env.BENCH_SCALE_ONLY

type Postgres = Awaited<ReturnType<typeof startEmbeddedPostgres>>
type S4 = Awaited<ReturnType<typeof startS4Process>>

/** The machine's CPU time so far, busy and total, from /proc/stat (Linux; zeros elsewhere) */
function cpuTimes() {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((sum, value) => sum + value, 0)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return { busy: 0, total: 0 }
  }
}

interface Load {
  events: AnomalyEvent[]
  /** S/4 calls at a time per instance */
  concurrency?: number
  /** per instance: whether it runs chains */
  maxChains: number
  /** prepares the database through the first instance */
  prepare?: (url: string) => Promise<void>
  done: (url: string, broker: Awaited<ReturnType<typeof startBrokerProcess>>) => Promise<boolean>
  /** what must hold afterwards, as a line for the log; throws when it does not */
  check: (url: string, s4: S4) => Promise<string>
}

async function publishAll(broker: Awaited<ReturnType<typeof startBrokerProcess>>, events: AnomalyEvent[]) {
  let next = 0
  await Promise.all(
    Array.from({ length: PUBLISHERS }, async () => {
      while (next < events.length) await broker.publish(events[next++] as AnomalyEvent)
    }),
  )
}

async function timeRun(postgres: Postgres, s4: S4, load: Load, instances: number) {
  const database = `e2ba_bench_${randomUUID().replaceAll('-', '')}`
  copyDatabase(postgres.server, database, TEMPLATE)
  const broker = await startBrokerProcess({ partitions: PARTITIONS })
  const servers: AppServer[] = []
  try {
    await broker.pause()
    await s4.client.reset()
    await s4.client.configure({ latencyMs: 50 })
    const env = {
      ...postgresEnv(postgres.server, database),
      ...broker.env,
      CDS_PLUGIN_UI5_ACTIVE: 'false',
      CDS_REQUIRES_MOCKS_S4_URL: s4.url,
      CDS_CONFIG: JSON.stringify({ requires: { processing: { maxChains: load.maxChains, sweepSeconds: 1, destinations: { S4HANA: { concurrency: load.concurrency ?? LIMIT } } } } }),
    }
    servers.push(...(await Promise.all(Array.from({ length: instances }, (_, i) => startAppServer({ ...env, CF_INSTANCE_INDEX: String(i) })))))
    const first = servers[0] as AppServer
    await load.prepare?.(first.url)
    await publishAll(broker, load.events)
    for (;;) {
      const { consumers, depth } = await broker.queue()
      if (depth === load.events.length && consumers.filter(c => c.partitions.length).length === instances) break
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    const started = performance.now()
    const cpuBefore = cpuTimes()
    await broker.resume()
    while (!(await load.done(first.url, broker))) await new Promise(resolve => setTimeout(resolve, 100))
    const seconds = (performance.now() - started) / 1000
    const cpuAfter = cpuTimes()
    const cpuBusy = (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total || 1)
    const shares = (await broker.queue()).consumers.map(c => c.accepted)
    return { perSecond: load.events.length / seconds, shares, cpuBusy, check: await load.check(first.url, s4) }
  } finally {
    await Promise.all(servers.map(server => server.stop()))
    await broker.stop()
  }
}

const count = async (url: string, filter?: string) =>
  Number(await (await fetch(`${url}/odata/v4/monitoring/Events/$count${filter ? `?$filter=${filter}` : ''}`, { headers: { authorization: ADMIN } })).text())

function expectEqual(what: string, actual: number, expected: number) {
  if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`)
  return `${what} ${actual}`
}

const executionLoad = (concurrency: number) => (): Load => ({
  events: Array.from({ length: EXECUTION_EVENTS }, () => anomalyEvent({ assetId: randomUUID() })),
  concurrency,
  maxChains: 256,
  // the chain is the notification alone: the AI stand-in runs inside each server and would be measured with it
  prepare: async url => {
    const chain = await createViaDraft(url, 'Chains', { name: 'Notification only', steps: [{ phase_code: 'MAIN', position: 1, action_ID: ACTION_NOTIFY_M2 }] })
    await editViaDraft(url, 'Rules', RULE_VIBRATION_CRITICAL, { chain_ID: chain })
  },
  done: async url => (await count(url, `status_code eq 'DONE'`)) >= EXECUTION_EVENTS,
  check: async (_url, s4) => {
    const references = Object.values((await s4.client.references()).notifications)
    return [
      expectEqual('notifications', references.reduce((sum, n) => sum + n, 0), EXECUTION_EVENTS),
      expectEqual('duplicates', references.filter(n => n > 1).length, 0),
    ].join(', ')
  },
})

function intakeLoad(): Load {
  const assets = Array.from({ length: 100 }, () => randomUUID())
  return {
    events: Array.from({ length: INTAKE_EVENTS }, (_, i) => {
      const second = Math.floor(i / assets.length)
      return anomalyEvent({
        assetId: assets[i % assets.length],
        windowStart: new Date(Date.UTC(2026, 10, 25, 10, 0, second)).toISOString(),
        windowEnd: new Date(Date.UTC(2026, 10, 25, 10, 0, second + 1)).toISOString(),
      })
    }),
    maxChains: 0,
    done: async (_url, broker) => (await broker.queue()).accepted >= INTAKE_EVENTS,
    // every event stored once; per asset one incident, every later event suppressed into it
    check: async url =>
      [
        expectEqual('events', await count(url), INTAKE_EVENTS),
        expectEqual('suppressed', await count(url, `status_code eq 'SUPPRESSED'`), INTAKE_EVENTS - assets.length),
      ].join(', '),
  }
}

export async function run(): Promise<Result[]> {
  const postgres = await startEmbeddedPostgres()
  const s4 = await startS4Process()
  try {
    await postgres.deploy(TEMPLATE)
    const results: Result[] = []
    for (const [name, load, counts] of [
      [`chains, S/4 50 ms, C = ${LIMIT} each`, executionLoad(LIMIT), [1, 3]],
      ['chains, S/4 50 ms, C = 2 each', executionLoad(2), [1, 3]],
      ['intake burst over 100 assets, no chains', intakeLoad, [1, 2]],
    ] as const) {
      if (ONLY && !name.includes(ONLY)) continue
      let baseline: number | undefined
      for (const instances of counts) {
        const loaded = load()
        const { perSecond, shares, cpuBusy, check } = await timeRun(postgres, s4, loaded, instances)
        baseline ??= perSecond
        console.log(`${name}, ${instances} instance(s): ${perSecond.toFixed(1)}/s, machine CPU ${(cpuBusy * 100).toFixed(0)} % busy, accepted per instance ${shares.join(' / ')}; ${check}`)
        results.push({ name: `${name}: ${instances} instance${instances > 1 ? 's' : ''}`, operations: loaded.events.length, perSecond, ratio: perSecond / baseline })
      }
    }
    return results
  } finally {
    await s4.stop()
    await postgres.stop()
  }
}
