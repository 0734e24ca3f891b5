import type { AnomalyData } from '#contract'
import { anomalyEvent, eventId, MAX_SAMPLES, type WindowOrigin } from '../src/anomaly-event'

const origin = (overrides: Partial<WindowOrigin> = {}): WindowOrigin => ({
  bucket: 'sitewise-exports',
  key: 'notifications/2026/11/25/motor1.json',
  objectVersion: '"9b2cf535f27731c974343645a3985328"',
  seriesId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c_7e1b6f1e-0000-4000-8000-000000000001',
  anomalyType: 'THRESHOLD',
  windowStart: '2026-11-25T10:00:00.000Z',
  ...overrides,
})

const data = (sampleCount: number): AnomalyData => ({
  assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c',
  assetName: 'Hamburg Line 1 Motor 1',
  propertyAlias: '/Plant1010/Line1/Motor1/Vibration',
  measurement: 'vibration',
  unit: 'mm/s',
  anomalyType: 'THRESHOLD',
  severity: 'CRITICAL',
  value: 11.2,
  threshold: 7.1,
  windowStart: '2026-11-25T10:00:00.000Z',
  windowEnd: '2026-11-25T10:05:00.000Z',
  sampleCount,
  samples: Array.from({ length: sampleCount }, (_, i) => ({
    time: new Date(Date.UTC(2026, 10, 25, 10, 0, i)).toISOString(),
    value: 7 + i / 100,
  })),
})

describe('eventId', () => {
  it('is the same for the same window, however often it is computed', () => {
    expect(eventId(origin())).toBe(eventId(origin()))
    expect(eventId(origin())).toMatch(/^[0-9a-f]{64}$/)
  })

  it.each<[string, Partial<WindowOrigin>]>([
    ['object version', { objectVersion: '"other-etag"' }],
    ['series', { seriesId: 'other-series' }],
    ['anomaly type', { anomalyType: 'DRIFT' }],
    ['window start', { windowStart: '2026-11-25T10:05:00.000Z' }],
    ['key', { key: 'notifications/2026/11/25/motor2.json' }],
  ])('changes with the %s', (_, change) => {
    expect(eventId(origin(change))).not.toBe(eventId(origin()))
  })

  it('cannot be forged by shifting text between parts', () => {
    const a = eventId(origin({ bucket: 'ab', key: 'c' }))
    const b = eventId(origin({ bucket: 'a', key: 'bc' }))
    expect(a).not.toBe(b)
  })
})

describe('anomalyEvent', () => {
  it('wraps the data in a CloudEvents 1.0 envelope of the contract type', () => {
    const event = anomalyEvent(data(3), { id: 'abc', source: 'urn:test', time: new Date('2026-11-25T10:06:00Z') })
    expect(event).toMatchObject({
      specversion: '1.0',
      id: 'abc',
      source: 'urn:test',
      type: 'sitewise.anomaly.detected.v1',
      time: '2026-11-25T10:06:00.000Z',
      subject: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c',
      datacontenttype: 'application/json',
      data: { assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c', sampleCount: 3 },
    })
  })

  it('keeps only the newest samples, up to the contract limit', () => {
    const event = anomalyEvent(data(MAX_SAMPLES + 20), { id: 'x', source: 'urn:test', time: new Date() })
    expect(event.data.samples).toHaveLength(MAX_SAMPLES)
    expect(event.data.samples.at(-1)).toEqual(data(MAX_SAMPLES + 20).samples.at(-1))
    expect(event.data.sampleCount).toBe(MAX_SAMPLES + 20)
  })
})

describe('the contract type', () => {
  it('requires what the CDS contract declares not null', () => {
    const { assetId, ...withoutAssetId } = data(1)
    // @ts-expect-error assetId is `not null` in db/contract.cds, so the wire type requires it
    const incomplete: AnomalyData = withoutAssetId
    expect(assetId).toBeTruthy()
    expect(incomplete).not.toHaveProperty('assetId')
  })
})
