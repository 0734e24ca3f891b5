import { avroObject, coldTierKey, rawDatum } from './factories/coldtier'
import { MOTOR, seriesOf } from './factories/fleet'
import { s3Event, s3Record } from './factories/s3-events'
import { ramp, signal, START } from './factories/signals'
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
async function coldTier(values: [number, number][], key = coldTierKey(vibration, START)) {
  const body = await avroObject(values.map(([t, v]) => rawDatum(vibration, t, v)))
  return s3Record(BUCKET, key, await s3.put(BUCKET, key, body))
}

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
})
