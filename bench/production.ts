/**
 * The production bundle under load, to size mta.yaml: the built gen/srv (npm run build first)
 * installed as Cloud Foundry installs it and started in the production profile (XSUAA tokens,
 * sqlite for HANA), 1,000 events posted to the webhook by the broker, each a new incident whose
 * chain creates an S/4 notification in a stand-in. Prints the bundle size and the server's RSS
 * idle, after the load and at its peak, against a bare Node process as the baseline; and the
 * webhook's throughput against the same server's readiness path.
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import express from 'express'
import { mockS4 } from '../mocks/src/s4/mock-s4'
import { anomalyEvent } from '../test/factories/events'
import { eventually } from '../test/helpers/eventually'
import { deployTestDatabase, installBundle } from '../test/production/bundle'
import { startProduction } from '../test/production/production-server'
import { BROKER_CLIENT_ID, startXsuaaStandIn } from '../test/production/xsuaa-stand-in'
import type { Result } from './measure'

const EVENTS = 1000
const CONCURRENCY = 16
const S4_CREDENTIALS = { username: 'BENCH_USER', password: 'bench-password' }

/** resident and peak resident set of a process, in MiB (Linux) */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
const duBytes = (dir: string, ...exclude: string[]) =>
  Number(execFileSync('du', ['-sb', ...exclude.map(e => `--exclude=${e}`), dir]).toString().split('\t')[0])

async function bareNodeRss() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
  await new Promise(resolve => setTimeout(resolve, 1000))
  const { rss } = memoryOf(child.pid as number)
  child.kill()
  return rss
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each))
}

export async function run(): Promise<Result[]> {
  const app = installBundle()
  const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2ba-bench-')), 'db.sqlite')
  copyFileSync(deployTestDatabase(), database)
  const xsuaa = await startXsuaaStandIn(path.dirname(database), 'bench-secret')
  const target = express().use('/s4', mockS4({ credentials: S4_CREDENTIALS }))
  const s4 = await new Promise<ReturnType<typeof target.listen>>(resolve => {
    const listening = target.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const s4Url = `http://127.0.0.1:${(s4.address() as AddressInfo).port}/s4/sap/opu/odata/sap`
  const server = await startProduction(app, {
    VCAP_SERVICES: JSON.stringify({ xsuaa: [{ name: 'auth', label: 'xsuaa', tags: ['xsuaa'], credentials: xsuaa.credentials }] }),
    NODE_EXTRA_CA_CERTS: xsuaa.caFile,
    CDS_CONFIG: JSON.stringify({ requires: { db: { kind: 'sqlite', credentials: { url: database } }, aem: { consume: false } } }),
    destinations: JSON.stringify([{ name: 'S4HANA', url: s4Url, authentication: 'BasicAuthentication', ...S4_CREDENTIALS }]),
  })
  try {
    const { pid } = server
    const broker = { authorization: `Bearer ${xsuaa.token({ clientId: BROKER_CLIENT_ID, scopes: ['Intake'] })}`, 'content-type': 'application/json' }
    const viewer = { authorization: `Bearer ${xsuaa.token({ user: 'bench@example.com', scopes: ['Viewer'] })}` }

    await new Promise(resolve => setTimeout(resolve, 3000))
    const idle = memoryOf(pid)

    const probes = Array.from({ length: EVENTS }, (_, i) => i)
    let started = performance.now()
    await inBatches(probes, CONCURRENCY, async () => {
      await (await fetch(`${server.url}/ready`)).text()
    })
    const readyPerSecond = EVENTS / ((performance.now() - started) / 1000)

    const events = Array.from({ length: EVENTS }, () => anomalyEvent({ assetId: randomUUID(), assetName: `Bench asset ${randomUUID().slice(0, 8)}` }))
    started = performance.now()
    await inBatches(events, CONCURRENCY, async event => {
      const res = await fetch(`${server.url}/intake/events`, { method: 'POST', headers: broker, body: JSON.stringify(event) })
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`)
    })
    const intakePerSecond = EVENTS / ((performance.now() - started) / 1000)
    await eventually(
      async () => {
        const res = await fetch(`${server.url}/odata/v4/monitoring/Events/$count?$filter=status_code eq 'DONE'`, { headers: viewer })
        const done = Number(await res.text())
        if (done < EVENTS) throw new Error(`${done} of ${EVENTS} done`)
      },
      600_000,
      500,
    )
    const chainsPerSecond = EVENTS / ((performance.now() - started) / 1000)
    const loaded = memoryOf(pid)
    const baseline = await bareNodeRss()

    console.log('\nproduction bundle')
    console.table([
      { measure: 'gen/srv without node_modules', MiB: mib(duBytes(path.join(process.cwd(), 'gen', 'srv'))) },
      { measure: 'installed (npm ci --omit=dev)', MiB: mib(duBytes(app)) },
      { measure: 'RSS of a bare Node process (baseline)', MiB: baseline.toFixed(0), 'vs baseline': '1.00' },
      { measure: 'RSS idle', MiB: idle.rss.toFixed(0), 'vs baseline': (idle.rss / baseline).toFixed(2) },
      { measure: `RSS after ${EVENTS} events and their chains`, MiB: loaded.rss.toFixed(0), 'vs baseline': (loaded.rss / baseline).toFixed(2) },
      { measure: 'peak RSS', MiB: loaded.peak.toFixed(0), 'vs baseline': (loaded.peak / baseline).toFixed(2) },
    ])
    return [
      { name: 'GET /ready (baseline: HTTP + auth-free route)', operations: EVENTS, perSecond: readyPerSecond, ratio: 1 },
      { name: 'POST /intake/events (stored, acknowledged)', operations: EVENTS, perSecond: intakePerSecond, ratio: intakePerSecond / readyPerSecond },
      { name: 'events to DONE (AI fallback + S/4 notification)', operations: EVENTS, perSecond: chainsPerSecond, ratio: chainsPerSecond / readyPerSecond },
    ]
  } finally {
    await server.stop()
    s4.close()
    await xsuaa.stop()
  }
}
