import cds from '@sap/cds'
import path from 'node:path'
import { ContractValidator } from '../../srv/intake/contract-validator'
import { InvalidEvent } from '../../srv/intake/invalid-event'
import { EventParser } from '../../srv/intake/parse-event'
import { anomalyEvent } from '../factories/events'
import { latchedAlarmNotification, legacyEvent } from '../factories/legacy'

let parser: EventParser

beforeAll(async () => {
  const model = cds.linked(await cds.load(path.join(__dirname, '..', '..', 'db')))
  const validator = ContractValidator.forModel(model)
  parser = new EventParser(validator, validator.limits)
})

const json = (value: unknown) => JSON.stringify(value)
const reasonFor = (body: string | Uint8Array) => {
  try {
    parser.parse(body)
  } catch (error) {
    if (error instanceof InvalidEvent) return error.message
    throw error
  }
  throw new Error('expected the message to be rejected')
}

describe('EventParser: CloudEvents', () => {
  it('accepts a valid event and keeps its content', () => {
    const event = anomalyEvent()
    expect(parser.parse(json(event))).toEqual(event)
  })

  it('reads bytes as well as text', () => {
    const event = anomalyEvent()
    expect(parser.parse(Buffer.from(json(event)))).toEqual(event)
  })

  it('ignores unknown fields and never copies prototype keys', () => {
    const body = json(anomalyEvent()).replace('{', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"extra":1,')
    const parsed = parser.parse(body) as unknown as Record<string, unknown>
    expect(parsed).not.toHaveProperty('extra')
    expect(Object.hasOwn(parsed, '__proto__')).toBe(false)
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each<[string, (e: Record<string, any>) => void, RegExp]>([
    ['a missing id', e => delete e.id, /AnomalyEvent\.id: required/],
    ['a missing asset', e => delete e.data.assetId, /data\.assetId: required/],
    ['a wrong type name', e => (e.type = 'sitewise.other'), /type: must be one of sitewise\.anomaly\.detected\.v1/],
    ['an unknown severity', e => (e.data.severity = 'BAD'), /data\.severity: must be one of WARNING, CRITICAL/],
    ['a text where a number belongs', e => (e.data.value = '11.2'), /data\.value: must be a finite number/],
    ['a fractional sample count', e => (e.data.sampleCount = 1.5), /data\.sampleCount: must be an integer/],
    ['a timestamp that is none', e => (e.data.windowStart = 'yesterday'), /data\.windowStart: must be an ISO 8601 timestamp/],
    ['an over-long asset name', e => (e.data.assetName = 'x'.repeat(257)), /data\.assetName: at most 256 characters/],
    ['too many samples', e => (e.data.samples = Array(51).fill(e.data.samples[0])), /data\.samples: at most 50 entries/],
    ['a window that ends before it starts', e => (e.data.windowEnd = '2026-11-25T09:00:00.000Z'), /windowEnd: must not be before/],
    ['data that is no object', e => (e.data = [1]), /data: must be an object/],
  ])('rejects %s', (_, spoil, reason) => {
    const event = anomalyEvent() as unknown as Record<string, any>
    spoil(event)
    expect(reasonFor(json(event))).toMatch(reason)
  })

  it.each<[string, string | Uint8Array, RegExp]>([
    ['bad JSON', '{"id": ', /not JSON/],
    ['a JSON array', '[1,2]', /must be a JSON object/],
    ['an empty message', '', /empty/],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ['a 10 MiB message', 'x'.repeat(10 * 1024 * 1024), /10485760 bytes exceeds the limit of 262144/],
  ])('rejects %s', (_, body, reason) => {
    expect(reasonFor(body)).toMatch(reason)
  })
})

describe('EventParser: the legacy shape of the reference sample', () => {
  it('normalises a latched SiteWise alarm into an ALARM anomaly event', () => {
    const event = parser.parse(json(legacyEvent()))
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'sitewise.anomaly.detected.v1',
      source: 'urn:legacy:aws-iot-sitewise',
      subject: 'e9ada664-7a1d-41db-a9ce-f3bc403d1c5d',
      data: {
        assetId: 'e9ada664-7a1d-41db-a9ce-f3bc403d1c5d',
        assetName: 'Motor 1017',
        measurement: 'temperature',
        anomalyType: 'ALARM',
        alarmState: 'LATCHED',
        severity: 'WARNING',
        value: 34.25,
        threshold: 40,
        windowStart: '2024-11-11T03:24:18.000Z',
        sampleCount: 1,
        location: '1017',
      },
    })
    expect(event.id).toMatch(/^legacy-[0-9a-f]{64}$/)
  })

  it('gives the same id to the same legacy event, whether eventData is text or object', () => {
    const asObject = parser.parse(json(legacyEvent()))
    expect(parser.parse(json(legacyEvent()))).toEqual(asObject)
    expect(parser.parse(json(legacyEvent(json(latchedAlarmNotification)))).id).toBe(asObject.id)
  })

  it('rejects a legacy event without values', () => {
    expect(reasonFor(json(legacyEvent({ payload: { assetId: 'a', values: [] } })))).toMatch(/at least one value/)
  })

  it('rejects a legacy event whose eventData is not JSON, saying so', () => {
    expect(reasonFor(json(legacyEvent('not json')))).toMatch(/data\.eventData is not JSON/)
  })
})
