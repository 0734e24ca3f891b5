import cds from '@sap/cds'
import path from 'node:path'
import { createLogger } from '../src/log'
import { AemPublisher } from '../src/publish/aem-publisher'
import { fixedCredentials } from '../src/aws/secrets'
import { anomalyEvent, eventId } from '../src/anomaly-event'
import { MOTOR } from './factories/fleet'

// the processor of this repository, with its mock broker at /mock/aem (development profile)
process.env.CDS_TYPESCRIPT = 'true'
process.env.CDS_TEST_SILENT ??= 'true'
const server = cds.test(path.join(__dirname, '..', '..')) as ReturnType<typeof cds.test> & { url: string }

const event = () =>
  anomalyEvent(
    {
      assetId: MOTOR.assetId,
      assetName: MOTOR.assetName,
      propertyAlias: '/Plant1010/Line1/Motor1/Vibration',
      measurement: 'vibration',
      unit: 'mm/s',
      anomalyType: 'THRESHOLD',
      severity: 'CRITICAL',
      value: 9.4,
      threshold: 7.1,
      windowStart: '2026-11-25T10:00:00.000Z',
      windowEnd: '2026-11-25T10:01:00.000Z',
      sampleCount: 6,
      samples: [{ time: '2026-11-25T10:01:00.000Z', value: 9.4, quality: 'GOOD' }],
    },
    {
      id: eventId({ bucket: 'b', key: `k-${String(Date.now())}`, objectVersion: 'e', seriesId: 's', anomalyType: 'THRESHOLD', windowStart: '2026-11-25T10:00:00.000Z' }),
      source: 'urn:e2ba:lambda:test',
      time: new Date(),
    },
  )

describe("publishing to the processor's mock broker", () => {
  it('is accepted and stored once, however often it is published', async () => {
    const publisher = new AemPublisher(
      { url: `${server.url}/mock/aem`, topicPrefix: 'sitewise/anomaly', timeoutMs: 5000, retries: 0, retryBaseMs: 1 },
      fixedCredentials({ username: 'publisher', password: 'publisher' }),
      createLogger('error', () => undefined),
    )
    const published = event()
    await publisher.publish(published)
    await publisher.publish(published)

    const stored = await (async () => {
      for (let i = 0; i < 100; i++) {
        const rows = await SELECT.from('e2ba.Events').where({ eventId: published.id })
        if (rows.length) return rows
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      return []
    })()
    expect(stored).toHaveLength(1)
    // valid against the processor's contract validator: not stored as a rejected message
    expect(stored[0]?.status_code).not.toBe('REJECTED')
  })

  it('refuses wrong credentials, and the publisher throws', async () => {
    const publisher = new AemPublisher(
      { url: `${server.url}/mock/aem`, topicPrefix: 'sitewise/anomaly', timeoutMs: 5000, retries: 0, retryBaseMs: 1 },
      fixedCredentials({ username: 'publisher', password: 'wrong' }),
      createLogger('error', () => undefined),
    )
    await expect(publisher.publish(event())).rejects.toThrow(/HTTP 401/)
  })
})
