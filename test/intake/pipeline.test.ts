import { createHash, randomUUID } from 'node:crypto'
import { ActionRuns, Events, Incidents, LogItems } from '#cds-models/e2ba'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publish, queueState } from '../helpers/publish'
import { ScriptedExecutor } from '../helpers/scripted-executor'
import { as, MONITORING, serve } from '../helpers/server'

const server = serve()
const executor = new ScriptedExecutor()

beforeAll(() => {
  executor.registerFor('AI_SUMMARY', 'S4_MAINTENANCE_NOTIFICATION')
})

/** An event for an asset of its own, so tests do not suppress each other */
const freshEvent = (data: Parameters<typeof anomalyEvent>[0] = {}) => anomalyEvent({ assetId: randomUUID(), ...data })

const storedEvent = (eventId: string) => SELECT.one.from(Events).where({ eventId })

/** Waits until the event is stored with one of the statuses */
const settled = (eventId: string, ...statuses: string[]) =>
  eventually(async () => {
    const event = await storedEvent(eventId)
    if (!event?.ID || !statuses.includes(event.status_code ?? '')) throw new Error(`event ${eventId} is ${event?.status_code ?? 'not stored'}`)
    return event as typeof event & { ID: string }
  })

describe('intake from the queue: publish → consume → store → decide → act', () => {
  it('processes a valid event end to end; the monitoring shows it DONE with its step log', async () => {
    const event = freshEvent()
    const res = await publish(server, event)
    expect(res.status).toBe(200)

    const stored = await settled(event.id, 'DONE', 'FAILED')
    expect(stored).toMatchObject({ status_code: 'DONE', channel_code: 'QUEUE', rule_ID: '0e000000-0000-4000-8000-000000000001' })

    const monitored = await server.GET(`${MONITORING}/Events(${stored.ID})?$expand=runs($orderby=phase_code desc;$expand=items)`, as('viewer'))
    expect(monitored.status).toBe(200)
    const runs = monitored.data.runs as { phase_code: string; status_code: string; attempts: number; output: string; items: { level_code: string; message: string }[] }[]
    expect(runs.map(r => [r.phase_code, r.status_code, r.attempts])).toEqual([
      ['PRE', 'SUCCEEDED', 1],
      ['MAIN', 'SUCCEEDED', 1],
    ])
    expect(runs[1]?.items).toEqual([expect.objectContaining({ level_code: 'INFO', message: expect.stringMatching(/succeeded/) })])

    // the main action saw the summary the pre-action produced
    const main = executor.callsFor(stored.ID).find(c => c.action.startsWith('S/4'))
    expect(main?.outputs.PRE?.[1]).toEqual({ text: 'AI maintenance summary for Hamburg Line 1 Motor 1' })
    expect(await queueState(server)).toMatchObject({ depth: 0, unsettled: 0 })
  })

  it('stores an event that no rule matches as DONE with the reason, and runs nothing', async () => {
    const event = freshEvent({ measurement: 'other', anomalyType: 'DRIFT', severity: 'WARNING' })
    await publish(server, event)
    const stored = await settled(event.id, 'DONE', 'FAILED')
    expect(stored).toMatchObject({ status_code: 'DONE', statusReason: 'no rule matched', rule_ID: null })
    expect(await SELECT.from(ActionRuns).where({ event_ID: stored.ID })).toEqual([])
    expect(executor.callsFor(stored.ID)).toEqual([])
  })

  it('stores an event published three times once, counts two duplicates and acts once', async () => {
    const event = freshEvent()
    for (let i = 0; i < 3; i++) expect((await publish(server, event)).status).toBe(200)

    const stored = await eventually(async () => {
      const row = await settled(event.id, 'DONE')
      if (row.duplicates !== 2) throw new Error(`duplicates: ${row.duplicates ?? 0}`)
      return row
    })
    expect(await SELECT.from(Events).where({ eventId: event.id })).toHaveLength(1)
    expect(executor.callsFor(stored.ID)).toHaveLength(2) // one pre-action, one main action
  })

  it('turns an alarm storm of 100 events into one incident, one chain run and 99 suppressed events', async () => {
    const assetId = randomUUID()
    const storm = Array.from({ length: 100 }, (_, i) =>
      anomalyEvent({
        assetId,
        value: 8 + i / 10,
        windowStart: new Date(Date.UTC(2026, 10, 25, 10, 0, i)).toISOString(),
        windowEnd: new Date(Date.UTC(2026, 10, 25, 10, 0, i + 1)).toISOString(),
      }),
    )
    await Promise.all(storm.map(event => publish(server, event)))

    const incidents = await eventually(async () => {
      const rows = await SELECT.from(Incidents).where({ assetId })
      if (rows[0]?.eventCount !== 100) throw new Error(`incident count ${rows[0]?.eventCount ?? 'none'}`)
      return rows
    })
    expect(incidents).toHaveLength(1)
    expect(incidents[0]).toMatchObject({ status_code: 'OPEN', eventCount: 100, peakValue: 17.9, peakSeverity_code: 'CRITICAL' })

    const events = await eventually(async () => {
      const rows = await SELECT.from(Events).columns('ID', 'status_code', 'incident_ID').where({ assetId })
      if (rows.some(r => r.status_code === 'PROCESSING')) throw new Error('still processing')
      return rows
    })
    const byStatus = Object.groupBy(events, e => e.status_code ?? '')
    expect(byStatus.SUPPRESSED).toHaveLength(99)
    expect(byStatus.DONE).toHaveLength(1)
    expect(new Set(events.map(e => e.incident_ID))).toEqual(new Set([incidents[0]?.ID]))
    const acted = await SELECT.from(ActionRuns).where({ event_ID: { in: events.map(e => e.ID) } })
    expect(acted).toHaveLength(2) // one chain: pre-action and main action
  })

  describe('malformed messages', () => {
    const valid = JSON.stringify(freshEvent())
    it.each<[string, string, RegExp]>([
      ['bad JSON', '{"specversion": "1.0", ', /not JSON/],
      ['missing fields', JSON.stringify({ specversion: '1.0', id: randomUUID(), type: 'sitewise.anomaly.detected.v1' }), /source: required/],
      ['wrong types', valid.replace('"sampleCount":1', '"sampleCount":"one"').replace(/"id":"[^"]+"/, `"id":"${randomUUID()}"`), /sampleCount: must be an integer/],
      ['a 10 MiB payload', `{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`, /exceeds the limit of 262144/],
      ['__proto__ keys', `{"__proto__":{"admin":true},"data":{"__proto__":{"x":1}},"id":"${randomUUID()}"}`, /required/],
    ])('rejects %s to the dead message queue with a stored reason', async (_, body, reason) => {
      const messageId = `malformed-${randomUUID()}`
      const res = await publish(server, body, undefined, messageId)
      expect(res.status).toBe(200)
      // a rejected message is stored under the hash of its body: this very message, not an earlier one
      const eventId = `rejected-${createHash('sha256').update(body).digest('hex')}`
      const rejected = await eventually(async () => {
        const row = await SELECT.one.from(Events).where({ eventId, status_code: 'REJECTED' })
        if (!row) throw new Error('not rejected yet')
        return row
      })
      expect(rejected.statusReason).toMatch(reason)
      expect(rejected.payload?.length).toBeLessThanOrEqual(4200)
      const dead = await eventually(async () => {
        const entry = (await queueState(server))?.deadMessageQueue.find(m => m.applicationMessageId === messageId)
        if (!entry) throw new Error('not in the dead message queue yet')
        return entry
      })
      expect(dead.outcome).toBe('REJECTED')
      expect(({} as Record<string, unknown>).admin).toBeUndefined()
    })

    it('keeps consuming after rejecting', async () => {
      const event = freshEvent()
      await publish(server, event)
      await expect(settled(event.id, 'DONE')).resolves.toBeDefined()
    })
  })

  describe('failing steps', () => {
    it('retries a transient failure and succeeds', async () => {
      const event = freshEvent()
      // the ID is not known before storing: script by the asset instead, via the first stored row
      executor.failTransientlyForAsset(event.data.assetId, 1)
      await publish(server, event)
      const stored = await settled(event.id, 'DONE', 'FAILED')
      expect(stored.status_code).toBe('DONE')
      const main = await SELECT.one.from(ActionRuns).where({ event_ID: stored.ID, phase_code: 'MAIN' })
      expect(main).toMatchObject({ status_code: 'SUCCEEDED', attempts: 2 })
      const items = await SELECT.from(LogItems).where({ run_ID: main?.ID }).orderBy('loggedAt')
      expect(items.map(i => i.level_code)).toEqual(['WARN', 'INFO'])
    })

    it('ends FAILED on a permanent failure; reprocessing after the fix completes without re-running succeeded steps', async () => {
      const event = freshEvent()
      executor.failPermanentlyForAsset(event.data.assetId)
      await publish(server, event)
      const failed = await settled(event.id, 'FAILED', 'DONE')
      expect(failed).toMatchObject({ status_code: 'FAILED', statusReason: expect.stringMatching(/refused the request/) })
      expect(executor.callsFor(failed.ID).map(c => c.action)).toEqual(['AI maintenance summary', 'S/4 malfunction report, very high priority'])

      const viewer = await server.POST(`${MONITORING}/Events(${failed.ID})/MonitoringService.reprocess`, {}, as('viewer'))
      expect(viewer.status).toBe(403)

      executor.failPermanentlyForAsset(event.data.assetId, false)
      const res = await server.POST(`${MONITORING}/Events(${failed.ID})/MonitoringService.reprocess`, {}, as('admin'))
      expect(res.status).toBe(200)
      await settled(event.id, 'DONE')
      expect(executor.callsFor(failed.ID).map(c => c.action)).toEqual([
        'AI maintenance summary',
        'S/4 malfunction report, very high priority',
        'S/4 malfunction report, very high priority',
      ])
    })

    it('refuses to reprocess an event that did not fail (409)', async () => {
      const event = freshEvent()
      await publish(server, event)
      const done = await settled(event.id, 'DONE')
      const res = await server.POST(`${MONITORING}/Events(${done.ID})/MonitoringService.reprocess`, {}, as('admin'))
      expect(res.status).toBe(409)
    })
  })
})
