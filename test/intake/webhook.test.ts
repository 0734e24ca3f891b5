import cds from '@sap/cds'
import { Events } from '#cds-models/e2ba'
import { anomalyEvent } from '../factories/events'
import { legacyEvent } from '../factories/legacy'
import { as, serve } from '../helpers/server'

const server = serve()
const WEBHOOK = '/intake/events'

/** The broker's REST delivery point posts the message body as it is */
const push = (body: unknown, user: Parameters<typeof as>[0]) =>
  server.POST(WEBHOOK, typeof body === 'string' ? body : JSON.stringify(body), { ...as(user), headers: { 'content-type': 'application/json' } })

describe('webhook intake for an AEM REST delivery point', () => {
  it('asks anonymous callers to authenticate (401) and stores nothing', async () => {
    const event = anomalyEvent()
    const res = await push(event, 'anonymous')
    expect(res.status).toBe(401)
    expect(await SELECT.one.from(Events).where({ eventId: event.id })).toBeUndefined()
  })

  it('refuses users without the Intake scope (403)', async () => {
    const event = anomalyEvent()
    const res = await push(event, 'viewer')
    expect(res.status).toBe(403)
    expect(await SELECT.one.from(Events).where({ eventId: event.id })).toBeUndefined()
  })

  it('answers 400 for invalid input, so the broker does not retry it, and keeps the reason', async () => {
    const res = await push({ specversion: '1.0', id: 'x' }, 'broker')
    expect(res.status).toBe(400)
    expect(res.data.error).toMatchObject({ code: 'INVALID_EVENT', message: expect.stringMatching(/source: required/) })
    const stored = await SELECT.one.from(Events).where({ eventId: res.data.error.eventId })
    expect(stored).toMatchObject({ status_code: 'REJECTED', channel_code: 'WEBHOOK' })
  })

  /** objects nested `levels` deep, as JSON text */
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
  const legacyAt = (timestamp: object) => {
    const event = legacyEvent()
    const values = [{ ...(event.data.eventData as { payload: { values: object[] } }).payload.values[0], timestamp }]
    return legacyEvent({ type: 'PropertyValueUpdate', payload: { assetId: crypto.randomUUID(), propertyId: 'p', values } })
  }

  it.each([
    ['a CloudEvent nested 10,000 levels deep', `{"specversion":"1.0","id":"deep","data":${nested(10_000)}}`, /message nests deeper than 16 levels/],
    ['a legacy event whose eventData object nests 10,000 levels deep', `{"data":{"SourceSystem":"s","eventData":${nested(10_000)}}}`, /message nests deeper than 16 levels/],
    ['a legacy event whose eventData text nests 10,000 levels deep', JSON.stringify(legacyEvent(nested(10_000))), /data\.eventData nests deeper than 16 levels/],
    ['a legacy event at timeInSeconds 1e20', JSON.stringify(legacyAt({ timeInSeconds: 1e20, offsetInNanos: 0 })), /timeInSeconds: 100000000000000000000 is out of range/],
    ['a legacy event at a negative offset', JSON.stringify(legacyAt({ timeInSeconds: 1731295458, offsetInNanos: -5 })), /offsetInNanos: -5 is out of range/],
  ])('rejects %s with 400 and its reason, stored as REJECTED, never a 503 that the broker would retry forever', async (_, body, reason) => {
    const res = await push(body, 'broker')
    expect(res.status).toBe(400)
    expect(res.data.error).toMatchObject({ code: 'INVALID_EVENT', message: expect.stringMatching(reason) })
    expect(await SELECT.one.from(Events).where({ eventId: res.data.error.eventId })).toMatchObject({ status_code: 'REJECTED', statusReason: expect.stringMatching(reason) })
  })

  it('answers 413 for a body far beyond the event size limit', async () => {
    const res = await push(`{"pad":"${'x'.repeat(1024 * 1024)}"}`, 'broker')
    expect(res.status).toBe(413)
  })

  it('answers 200 only once a valid event is stored', async () => {
    const event = anomalyEvent({ assetId: crypto.randomUUID() })
    const res = await push(event, 'broker')
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({ status: 'ACCEPTED', eventId: event.id, eventStatus: 'PROCESSING' })
    expect(await SELECT.one.from(Events).where({ eventId: event.id })).toMatchObject({ channel_code: 'WEBHOOK' })
  })

  it('answers 503 while the database is unavailable, so the broker retries, and stores the event on the retry', async () => {
    const event = anomalyEvent({ assetId: crypto.randomUUID() })
    let databaseDown = true
    cds.db.before('*', () => {
      if (databaseDown) throw new Error('connection to the database lost')
    })
    const first = await push(event, 'broker')
    databaseDown = false
    expect(first.status).toBe(503)
    expect(first.headers['retry-after']).toBe('5')
    expect(await SELECT.one.from(Events).where({ eventId: event.id })).toBeUndefined()

    const retry = await push(event, 'broker')
    expect(retry.status).toBe(200)
    expect(await SELECT.one.from(Events).where({ eventId: event.id })).toMatchObject({ channel_code: 'WEBHOOK' })
  })

  it('accepts the legacy shape of the reference sample', async () => {
    const res = await push(legacyEvent(), 'broker')
    expect(res.status).toBe(200)
    expect(res.data.eventId).toMatch(/^legacy-/)
    const again = await push(legacyEvent(), 'broker')
    expect(again.data).toEqual({ status: 'DUPLICATE', eventId: res.data.eventId })
  })
})
