/**
 * Intake throughput and latency on one process with a sqlite file database: from publishing
 * to the (mock) broker until the message is settled, i.e. the event is stored, decided,
 * correlated and its chain queued. The floor, measured in the same run, is the mock broker
 * delivering and acknowledging with no processing at all.
 */
import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AnomalyEvent } from '#contract'
import { mockBroker } from '../mocks/src/broker'
import type { MockBroker } from '../mocks/src/broker/mock-broker'
import { registerExecutor } from '../srv/actions/registry'
import type { Intake } from '../srv/intake/intake'
import { QueueConsumer } from '../srv/intake/queue-consumer'
import { anomalyEvent } from '../test/factories/events'
import type { Result } from './measure'

const BURST = 20_000
/** events that each open an incident and queue a chain: the most work intake does per event */
const FRESH = 5_000
const ASSETS = 100
const RATE = 1000
const RATE_SECONDS = 5
const FLOOR_QUEUE = 'bench/floor'

// cds.exec and cds.deploy are not typed by @cap-js/cds-types
const untyped = cds as unknown as {
  exec: (...args: string[]) => Promise<unknown>
  shutdown: () => Promise<void>
  deploy: (model: string) => { to: (db: string, options: { silent: boolean }) => Promise<unknown> }
}

/** An alarm storm: every asset gets a run of events in consecutive windows, so most join an open incident */
function storm(count: number, assets: string[]): AnomalyEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const second = Math.floor(i / assets.length)
    return anomalyEvent({
      assetId: assets[i % assets.length],
      value: 8 + (i % 7),
      windowStart: new Date(Date.UTC(2026, 10, 25, 10, 0, second)).toISOString(),
      windowEnd: new Date(Date.UTC(2026, 10, 25, 10, 0, second + 1)).toISOString(),
    })
  })
}

/** Publishes and resolves with each message's latency, publish → settled, in ms */
function measureDeliveries(broker: MockBroker, queue: { type: 'TOPIC' | 'QUEUE'; name: string }, bodies: Buffer[], ratePerSecond?: number) {
  const published = new Map<string, number>()
  const latencies: number[] = []
  return new Promise<{ seconds: number; latencies: number[] }>(resolve => {
    const started = performance.now()
    const onSettled = ({ applicationMessageId }: { applicationMessageId: string | null }) => {
      const at = applicationMessageId && published.get(applicationMessageId)
      if (!at) return
      latencies.push(performance.now() - at)
      published.delete(applicationMessageId)
      if (latencies.length === bodies.length) {
        broker.off('settled', onSettled)
        resolve({ seconds: (performance.now() - started) / 1000, latencies })
      }
    }
    broker.on('settled', onSettled)
    const send = (body: Buffer) => {
      const id = randomUUID()
      published.set(id, performance.now())
      broker.publish(queue, body, id)
    }
    if (!ratePerSecond) return bodies.forEach(send)
    // offer the rate by the clock: a late tick catches up, so a busy event loop cannot lower the load
    let next = 0
    const timer = setInterval(() => {
      const due = Math.min(bodies.length, Math.floor(((performance.now() - started) / 1000) * ratePerSecond))
      for (const body of bodies.slice(next, due)) send(body)
      next = due
      if (next >= bodies.length) clearInterval(timer)
    }, 5)
  })
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN

const result = (name: string, measured: { seconds: number; latencies: number[] }): Result => ({
  name,
  operations: measured.latencies.length,
  perSecond: measured.latencies.length / measured.seconds,
  p50: percentile(measured.latencies, 50),
  p99: percentile(measured.latencies, 99),
})

export async function run(): Promise<Result[]> {
  const file = path.join(os.tmpdir(), `e2ba-bench-${process.pid}.sqlite`)
  process.env.CDS_TYPESCRIPT = 'true'
  cds.env.requires.db = { kind: 'sqlite', credentials: { url: file } }
  await untyped.deploy('*').to(`sqlite:${file}`, { silent: true })
  await untyped.exec('--port', '0')
  // every chain step succeeds at once: the benchmark measures intake, not the actions
  for (const kind of ['AI_SUMMARY', 'S4_MAINTENANCE_NOTIFICATION'] as const) registerExecutor(kind, () => Promise.resolve({}))

  const broker = mockBroker()
  broker.provisionQueue(FLOOR_QUEUE)
  const floorIntake = { receive: () => Promise.resolve({ status: 'ACCEPTED' }) } as unknown as Intake
  const floorConsumer = new QueueConsumer(broker.createMessageConsumer, floorIntake, { queue: FLOOR_QUEUE, windowSize: 64 })
  floorConsumer.start()

  const assets = Array.from({ length: ASSETS }, () => randomUUID())
  const bodies = (events: AnomalyEvent[]) => events.map(e => Buffer.from(JSON.stringify(e)))
  const topic = { type: 'TOPIC' as const, name: 'sitewise/anomaly/bench' }

  // the floor first, on a quiet process; then a warm-up of the intake path
  const floor = result('floor: deliver + acknowledge, no processing', await measureDeliveries(broker, { type: 'QUEUE', name: FLOOR_QUEUE }, bodies(storm(BURST, assets))))
  await measureDeliveries(broker, topic, bodies(storm(1000, assets)))
  const burst = result(`intake burst: ${BURST} events, ${ASSETS} assets`, await measureDeliveries(broker, topic, bodies(storm(BURST, assets))))
  const paced = result(`intake at ${RATE} events/s`, await measureDeliveries(broker, topic, bodies(storm(RATE * RATE_SECONDS, assets)), RATE))
  // every event a new asset: none is suppressed, each opens an incident and queues its chain
  const freshEvents = Array.from({ length: FRESH }, () => anomalyEvent({ assetId: randomUUID() }))
  const fresh = result(`intake burst: ${FRESH} events, each a new incident + queued chain`, await measureDeliveries(broker, topic, bodies(freshEvents)))

  await floorConsumer.stop()
  await untyped.shutdown()
  rmSync(file, { force: true })
  return [floor, burst, paced, fresh].map(r => ({ ...r, ratio: r.perSecond / floor.perSecond }))
}
