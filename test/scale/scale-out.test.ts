import { randomUUID } from 'node:crypto'
import { anomalyEvent } from '../factories/events'
import { fileDatabase, startAppServer, type AppServer } from '../helpers/app-process'
import { processorClient } from '../../scripts/demo/processor-client'
import { startBrokerProcess } from '../../scripts/scale/broker-process'
import { eventually } from '../helpers/eventually'
import { testPostgres } from '../helpers/postgres'
import { startS4Process } from '../helpers/s4-process'

/**
 * Scale-out, as on BTP: three processor instances on one PostgreSQL database consume one
 * partitioned queue of a broker in a process of its own and share one S/4. A storm over many
 * assets, with duplicates, is published while one instance is SIGKILLed mid-run: its partitions
 * move to the others, its in-flight chains resume there once their leases lapse, and the
 * database keeps one truth: every event stored once, one incident per asset and anomaly type,
 * one notification per incident, every chain DONE.
 */
jest.setTimeout(10 * 60_000)

const INSTANCES = 3
const PARTITIONS = 12
const ASSETS = 60
const EVENTS_PER_ASSET = 6
const DUPLICATE_SHARE = 0.2

const database = fileDatabase('scale-out')
const instances: (AppServer | undefined)[] = []
let broker: Awaited<ReturnType<typeof startBrokerProcess>> | undefined
let s4: Awaited<ReturnType<typeof startS4Process>> | undefined

afterAll(async () => {
  await Promise.all(instances.map(async instance => instance?.stop()))
  await broker?.stop()
  await s4?.stop()
  database.remove()
})

test('three instances on one PostgreSQL and one partitioned queue, one killed mid-run: nothing lost, nothing done twice', async () => {
  expect(testPostgres()).toBeDefined()
  const [standIn, queueBroker] = await Promise.all([startS4Process(), startBrokerProcess({ partitions: PARTITIONS })])
  ;[s4, broker] = [standIn, queueBroker]
  // a slow S/4: chains are in flight when the instance dies
  await standIn.client.configure({ latencyMs: 300 })
  const env = {
    ...database.env,
    ...queueBroker.env,
    CDS_REQUIRES_MOCKS_S4_URL: standIn.url,
    CDS_CONFIG: JSON.stringify({ requires: { processing: { leaseSeconds: 6, sweepSeconds: 1, retry: { baseSeconds: 1, maxDelaySeconds: 5 } } } }),
  }
  instances.push(...(await Promise.all(Array.from({ length: INSTANCES }, (_, i) => startAppServer({ ...env, CF_INSTANCE_INDEX: String(i) })))))
  // every instance holds its share of the partitions
  await eventually(async () => expect((await queueBroker.queue()).consumers.map(c => c.partitions.length)).toEqual(Array(INSTANCES).fill(PARTITIONS / INSTANCES)), 60_000, 250)

  const assets: string[] = Array.from({ length: ASSETS }, () => randomUUID())
  const events = assets.flatMap(assetId =>
    Array.from({ length: EVENTS_PER_ASSET }, (_, i) =>
      anomalyEvent({ assetId, windowStart: new Date(Date.UTC(2026, 10, 25, 9, 0, i)).toISOString(), windowEnd: new Date(Date.UTC(2026, 10, 25, 9, 1, i)).toISOString() }),
    ),
  )
  // the storm interleaves the assets; a share of the events comes twice (the Lambda retried)
  const deliveries = [...events.keys()]
    .sort((a, b) => (a % EVENTS_PER_ASSET) - (b % EVENTS_PER_ASSET) || a - b)
    .flatMap(i => (Math.random() < DUPLICATE_SHARE ? [i, i] : [i]))
    .map(i => events[i] as (typeof events)[number])
  let next = 0
  const publishers = Array.from({ length: 8 }, async () => {
    while (next < deliveries.length) await queueBroker.publish(deliveries[next++] as (typeof events)[number])
  })
  // the second instance dies once it has taken a good part of its share, with messages unsettled and chains in flight
  await eventually(async () => expect((await queueBroker.queue()).consumers.find(c => c.name === 'instance 1')?.accepted).toBeGreaterThanOrEqual(40), 60_000, 100)
  await instances[1]?.kill()
  instances[1] = undefined
  await Promise.all(publishers)

  const monitor = processorClient((instances[0] as AppServer).url)
  const ids = new Set(events.map(e => e.id))
  // every event stored and settled, and every message settled at the broker
  await eventually(
    async () => {
      const stored = (await monitor.events()).filter(e => ids.has(e.eventId))
      expect(stored).toHaveLength(events.length)
      expect(stored.filter(e => e.status_code !== 'DONE' && e.status_code !== 'SUPPRESSED')).toEqual([])
      expect(await queueBroker.queue()).toMatchObject({ depth: 0, unsettled: 0 })
    },
    5 * 60_000,
    500,
  )

  const stored = (await monitor.events()).filter(e => ids.has(e.eventId))
  const incidents = (await monitor.incidents()).filter(i => assets.includes(i.assetId))
  const runs = await monitor.runs()
  const byReference = new Map(Object.entries((await standIn.client.references()).notifications))
  const queue = await queueBroker.queue()
  process.stdout.write(
    `\nscale-out: ${events.length} events (${deliveries.length} deliveries) over ${ASSETS} assets, ${INSTANCES} instances, one killed; ` +
      `accepted per instance: ${queue.consumers.map(c => `${c.name} ${c.accepted}`).join(', ')}; ${byReference.size} notifications\n`,
  )

  // every event stored once (the unique event id), each asset with one incident, every incident with one notification
  expect(new Set(stored.map(e => e.eventId)).size).toBe(events.length)
  expect(stored).toHaveLength(events.length)
  expect(incidents).toHaveLength(ASSETS)
  expect(new Set(incidents.map(i => `${i.assetId}/${i.anomalyType_code}`)).size).toBe(ASSETS)
  expect(stored.filter(e => e.status_code === 'DONE')).toHaveLength(ASSETS)
  expect(new Set(stored.map(e => e.incident_ID)).size).toBe(ASSETS)
  expect([...byReference.values()].filter(count => count !== 1)).toEqual([])
  expect(byReference.size).toBe(ASSETS)
  const ours = new Set(stored.map(e => e.eventId))
  expect(ours.size).toBe(ids.size)
  expect(runs.filter(r => r.status_code !== 'SUCCEEDED')).toEqual([])
  // the broker saw every instance take a share, and the killed one's partitions went to the others
  expect(queue.consumers.filter(c => c.accepted > 0)).toHaveLength(INSTANCES)
  expect(queue.consumers.filter(c => c.partitions.length > 0).map(c => c.partitions.length)).toEqual([PARTITIONS / 2, PARTITIONS / 2])
  expect(queue).toMatchObject({ depth: 0, unsettled: 0, deadMessageQueue: [] })
})

