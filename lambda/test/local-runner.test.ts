import { PutObjectCommand } from '@aws-sdk/client-s3'
import { startLocalPipeline, type LocalPipeline, type ObjectReport } from '../src/local-runner'
import { createLogger } from '../src/log'
import { avroObject, coldTierKey, rawDatum } from './factories/coldtier'
import { assetMap, MOTOR, seriesOf } from './factories/fleet'
import { jsonLines, propertyValueUpdate } from './factories/notifications'
import { signal, spikes, START } from './factories/signals'
import { aemServer, type AemServer } from './helpers/aem-server'

let aem: AemServer
let pipeline: LocalPipeline
const reports: ObjectReport[] = []

beforeAll(async () => {
  aem = await aemServer()
  pipeline = await startLocalPipeline({
    port: 0,
    aemRestUrl: aem.url,
    credentials: { username: 'publisher', password: 'publisher' },
    assetMap: assetMap(),
    log: createLogger('error', () => undefined),
    onObject: report => reports.push(report),
  })
})
afterAll(async () => {
  await pipeline.stop()
  await aem.close()
})

const vibration = seriesOf(MOTOR, MOTOR.vibration)

describe('the local runner', () => {
  it('runs the handler for every object created in the local S3 server, with a real S3 event record', async () => {
    const values = signal({ points: 800, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([400], 9) })
    const avro = await avroObject(values.map(([t, v]) => rawDatum(vibration, t, v)))
    const lines = jsonLines([propertyValueUpdate(MOTOR.assetId, MOTOR.temperature, [{ timeMs: START, value: { doubleValue: 99 } }])])
    await pipeline.s3.send(new PutObjectCommand({ Bucket: pipeline.bucket, Key: coldTierKey(vibration, START), Body: avro }))
    await pipeline.s3.send(new PutObjectCommand({ Bucket: pipeline.bucket, Key: 'notifications/motor 1.jsonl', Body: lines }))
    await pipeline.s3.send(new PutObjectCommand({ Bucket: pipeline.bucket, Key: 'readme.md', Body: 'not telemetry' }))

    await pipeline.idle()

    expect(pipeline.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(reports.map(r => [r.key, r.outcome?.format, r.outcome?.events.map(e => e.data.anomalyType)])).toEqual([
      [coldTierKey(vibration, START), 'coldtier', ['THRESHOLD']],
      ['notifications/motor 1.jsonl', 'notification', ['THRESHOLD']],
      ['readme.md', 'skipped', []],
    ])
    expect(aem.received.map(r => [r.path, r.headers['solace-message-id']])).toEqual(
      reports.flatMap(r => r.outcome?.events ?? []).map(e => [`/TOPIC/sitewise/anomaly/${MOTOR.assetId}/THRESHOLD`, e.id]),
    )
  })
})
