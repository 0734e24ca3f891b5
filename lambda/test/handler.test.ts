import { avroObject, coldTierKey, rawDatum } from './factories/coldtier'
import { MOTOR, PUMP, seriesOf } from './factories/fleet'
import { alarmValue, jsonLines, propertyValueUpdate } from './factories/notifications'
import { s3Event, s3Record } from './factories/s3-events'
import { ramp, signal, spikes, START } from './factories/signals'
import { aemServer, type AemServer } from './helpers/aem-server'
import { testConfig, testHandler } from './helpers/lambda'
import { localS3, type LocalS3 } from './helpers/local-s3'

const BUCKET = 'sitewise-exports'
let s3: LocalS3
let aem: AemServer

beforeAll(async () => {
  s3 = await localS3()
  await s3.bucket(BUCKET)
  aem = await aemServer()
})
afterAll(async () => {
  await s3.close()
  await aem.close()
})
beforeEach(() => {
  aem.reset()
  aem.respond(() => 200)
  aem.delay(0)
})

const vibration = seriesOf(MOTOR, MOTOR.vibration)

/** Stores a cold-tier object of the motor's vibration and returns its S3 event record */
let objects = 0
/** a key of its own for every object, so no test reads another test's object */
const nextKey = () => coldTierKey(vibration, START + 3_600_000 * ++objects)

async function coldTier(values: [number, number][], key = nextKey(), quality = 'GOOD') {
  const body = await avroObject(values.map(([t, v]) => rawDatum(vibration, t, v, { quality })))
  return put(key, body)
}

async function put(key: string, body: Buffer | string) {
  return s3Record(BUCKET, key, await s3.put(BUCKET, key, body))
}

const healthy = (seed = 1) => signal({ points: 1500, idle: 1.5, full: 2.4, noise: 0.12, seed })

describe('the handler', () => {
  it('publishes one event for a vibration ramp, with the AEM REST headers, auth and the contract body', async () => {
    const record = await coldTier(signal({ points: 2000, idle: 1.6, full: 2.6, noise: 0.15, fault: ramp(1200, 0.01) }))
    const { handler } = testHandler(s3, testConfig(aem))

    const result = await handler(s3Event(record))

    expect(aem.received).toHaveLength(1)
    const [request] = aem.received
    expect(request?.path).toBe(`/TOPIC/sitewise/anomaly/${MOTOR.assetId}/THRESHOLD`)
    expect(request?.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('publisher:publisher-secret').toString('base64')}`,
      'solace-delivery-mode': 'persistent',
      'content-type': 'application/json',
    })
    const event = JSON.parse(request?.body ?? '')
    expect(request?.headers['solace-message-id']).toBe(event.id)
    // the partition key: on a partitioned queue, one asset's events reach one consumer in order
    expect(request?.headers['solace-user-property-jmsxgroupid']).toBe(MOTOR.assetId)
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'sitewise.anomaly.detected.v1',
      subject: MOTOR.assetId,
      data: {
        assetId: MOTOR.assetId,
        assetName: MOTOR.assetName,
        propertyId: MOTOR.vibration,
        propertyAlias: '/Plant1010/Line1/Motor1/Vibration',
        measurement: 'vibration',
        unit: 'mm/s',
        anomalyType: 'THRESHOLD',
        severity: 'CRITICAL',
        threshold: 7.1,
        plant: '1010',
      },
    })
    expect(result.objects[0]?.events.map(e => e.id)).toEqual([event.id])
  })

  it('reads every record of the event; objects of no SiteWise format and empty ones are skipped with a log line', async () => {
    const faulty = await coldTier(signal({ points: 1000, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([500], 9) }))
    const healthyObject = await coldTier(healthy(), coldTierKey(seriesOf(PUMP, PUMP.vibration), START))
    const image = await put('exports/photo of motor.jpg', 'jpeg')
    const empty = await put('exports/raw/raw_a_b_1_GOOD.avro', '')
    const metadata = await put('exports/asset_metadata/asset_x.ndjson', '{"assetId":"x"}\n')
    const unmodeled = await put('exports/raw/raw_95e63da7-0000-4000-8000-1b490154b07a_1_GOOD.avro', await avroObject([rawDatum('95e63da7-0000-4000-8000-1b490154b07a', START, 99)]))
    const { handler, logs } = testHandler(s3, testConfig(aem))

    const result = await handler(s3Event(image, faulty, empty, healthyObject, metadata, unmodeled))

    expect(result.objects.map(o => [o.key, o.format, o.events.length])).toEqual([
      ['exports/photo of motor.jpg', 'skipped', 0],
      [faulty.s3.object.key.replace(/%3D/g, '='), 'coldtier', 1],
      ['exports/raw/raw_a_b_1_GOOD.avro', 'skipped', 0],
      [healthyObject.s3.object.key.replace(/%3D/g, '='), 'coldtier', 0],
      ['exports/asset_metadata/asset_x.ndjson', 'notification', 0],
      ['exports/raw/raw_95e63da7-0000-4000-8000-1b490154b07a_1_GOOD.avro', 'skipped', 0],
    ])
    expect(logs().filter(l => l.message === 'object.skipped').map(l => l.reason)).toEqual([
      'no SiteWise export format',
      'empty object',
      'unmodeled data stream: no asset to report on',
    ])
    expect(aem.events().map(e => e.data.windowStart)).toEqual([new Date(START + 500 * 10_000).toISOString()])
  })

  it('finds bad quality in a BAD cold-tier file, alarms and thresholds in notifications, nothing in healthy data', async () => {
    const bad = await coldTier(
      Array.from({ length: 90 }, (_, i) => [START + i * 10_000, 0]),
      coldTierKey(vibration, START, 'BAD'),
      'BAD',
    )
    const temperature = healthy().map(([t]) => ({ timeMs: t, value: { doubleValue: 60 } }))
    temperature[700] = { timeMs: START + 700 * 10_000, value: { doubleValue: 97.5 } }
    const lines = jsonLines([
      propertyValueUpdate(MOTOR.assetId, MOTOR.alarm, [
        { timeMs: START, value: alarmValue('NORMAL') },
        { timeMs: START + 60_000, value: alarmValue('LATCHED') },
      ]),
      propertyValueUpdate(MOTOR.assetId, MOTOR.temperature, temperature),
      propertyValueUpdate(PUMP.assetId, PUMP.vibration, healthy(2).map(([t, v]) => ({ timeMs: t, value: { doubleValue: v } }))),
    ])
    const notifications = await put('exports/notifications/2026/11/25/batch 1.jsonl', lines)
    const { handler } = testHandler(s3, testConfig(aem))

    await handler(s3Event(bad, notifications))

    const found = aem.events().map(e => [e.data.propertyAlias, e.data.anomalyType, e.data.severity, e.data.windowStart])
    expect(found).toEqual(
      expect.arrayContaining([
        ['/Plant1010/Line1/Motor1/Vibration', 'BAD_QUALITY', 'WARNING', new Date(START).toISOString()],
        ['/Plant1010/Line1/Motor1/VibrationAlarm', 'ALARM', 'WARNING', new Date(START + 60_000).toISOString()],
        ['/Plant1010/Line1/Motor1/Temperature', 'THRESHOLD', 'CRITICAL', new Date(START + 700 * 10_000).toISOString()],
      ]),
    )
    expect(found).toHaveLength(3)
    expect(aem.events().find(e => e.data.anomalyType === 'ALARM')?.data).toMatchObject({ alarmState: 'LATCHED', value: 34.25, measurement: 'other' })
  })

  it('keeps the highest record version of a reading', async () => {
    const values = healthy()
    const records = values.map(([t, v]) => rawDatum(vibration, t, v, { recordVersion: 1 }))
    // a spike at 600 corrected by a later version further on; at 900 the newer version (a spike) comes first
    records.splice(600, 1, rawDatum(vibration, values[600]?.[0] ?? 0, 9.9, { recordVersion: 1 }))
    records.splice(1000, 0, rawDatum(vibration, values[600]?.[0] ?? 0, 2.1, { recordVersion: 2 }))
    records.splice(900, 0, rawDatum(vibration, values[900]?.[0] ?? 0, 8.8, { recordVersion: 3 }))
    const key = coldTierKey(vibration, START + 1000)
    const record = await put(key, await avroObject(records))
    const { handler } = testHandler(s3, testConfig(aem))

    const result = await handler(s3Event(record))

    expect(aem.events().map(e => [e.data.windowStart, e.data.value])).toEqual([[new Date(values[900]?.[0] ?? 0).toISOString(), 8.8]])
    expect(result.objects[0]?.replaced).toBe(2)
  })

  it('fails the invocation for a truncated Avro object, after the other records are done', async () => {
    const body = await avroObject(healthy().map(([t, v]) => rawDatum(vibration, t, v)), { blockSize: 4096 })
    const truncated = await put(coldTierKey(vibration, START + 2000), body.subarray(0, body.length - 10))
    const faulty = await coldTier(signal({ points: 800, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([500], 9) }), coldTierKey(vibration, START + 3000))
    const { handler, logs } = testHandler(s3, testConfig(aem))

    await expect(handler(s3Event(truncated, faulty))).rejects.toThrow(/1 of 2 objects failed: .*CorruptObject: truncated Avro container/)
    expect(aem.events()).toHaveLength(1)
    expect(logs().find(l => l.message === 'object.failed')).toMatchObject({ level: 'error', error: { name: 'CorruptObject' } })
  })

  it('throws when AEM answers 503, after retrying, so Lambda retries the event', async () => {
    const record = await coldTier(signal({ points: 800, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([500], 9) }))
    aem.respond(() => 503)
    const { handler } = testHandler(s3, testConfig(aem, { PUBLISH_RETRIES: '2' }))

    await expect(handler(s3Event(record))).rejects.toThrow(/HTTP 503/)
    expect(aem.received).toHaveLength(3)
  })

  it('throws when AEM is unreachable', async () => {
    const record = await coldTier(signal({ points: 800, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([500], 9) }))
    const { handler } = testHandler(s3, testConfig(aem, { AEM_REST_URL: 'http://127.0.0.1:9', PUBLISH_RETRIES: '0' }))
    await expect(handler(s3Event(record))).rejects.toThrow(/fetch failed/)
  })

  it('publishes the same ids when the same event is delivered again, and new ids for a rewritten object', async () => {
    const values = signal({ points: 3000, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([500, 1500, 2500], 9) })
    const key = nextKey()
    const record = await coldTier(values, key)
    const { handler } = testHandler(s3, testConfig(aem))

    await handler(s3Event(record))
    const first = aem.received.map(r => r.headers['solace-message-id'])
    aem.reset()
    await handler(s3Event(record))
    const again = aem.received.map(r => r.headers['solace-message-id'])
    aem.reset()
    await handler(s3Event(await coldTier(values, key)))

    expect(first).toHaveLength(3)
    expect(new Set(first).size).toBe(3)
    expect(again.sort()).toEqual([...first].sort())
    expect(aem.received.map(r => r.headers['solace-message-id']).filter(id => first.includes(id))).toEqual([])
  })

  it('publishes with bounded concurrency', async () => {
    const at = Array.from({ length: 40 }, (_, i) => 100 + i * 50)
    const record = await coldTier(signal({ points: 2200, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes(at, 9) }))
    aem.delay(20)
    const { handler } = testHandler(s3, testConfig(aem, { PUBLISH_CONCURRENCY: '3' }))

    await handler(s3Event(record))

    expect(aem.received).toHaveLength(40)
    expect(aem.maxInFlight).toBe(3)
  })

  it('logs what it found and published, never the credentials', async () => {
    const record = await coldTier(signal({ points: 800, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([500], 9) }))
    aem.respond(request => (request.headers['solace-message-id'] ? 401 : 200))
    const { handler, lines, logs } = testHandler(s3, testConfig(aem, { PUBLISH_RETRIES: '0' }))
    await expect(handler(s3Event(record))).rejects.toThrow(/HTTP 401/)
    aem.respond(() => 200)
    await handler(s3Event(record))

    expect(logs().find(l => l.message === 'anomaly.published')).toMatchObject({ anomalyType: 'THRESHOLD', assetId: MOTOR.assetId, topic: expect.any(String) })
    expect(logs().find(l => l.message === 'object.processed')).toMatchObject({ format: 'coldtier', points: 800, anomalies: 1, published: 1 })
    const all = lines.join('\n')
    expect(all).not.toContain('publisher-secret')
    expect(all).not.toContain(Buffer.from('publisher:publisher-secret').toString('base64'))
  })
})
