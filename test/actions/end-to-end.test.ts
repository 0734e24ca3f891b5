import { randomUUID } from 'node:crypto'
import { ActionRuns, Events, Incidents, Rules } from '#cds-models/e2ba'
import { anomalyEvent, MOTOR_1 } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { s4 } from '../helpers/mocks'
import { publish } from '../helpers/publish'
import { serve } from '../helpers/server'

const server = serve()

/** Waits until the event is DONE (or fails the test with its status and reason) */
const done = (eventId: string) =>
  eventually(async () => {
    const row = await SELECT.one.from(Events).where({ eventId })
    if (row?.status_code !== 'DONE') throw new Error(`event is ${row?.status_code ?? 'not stored'}: ${row?.statusReason ?? ''}`)
    return row
  }, 25_000)

const aiMock = (settings: object) => server.POST('/mock/ai/$control', settings, { validateStatus: () => true })

beforeEach(async () => {
  await s4.reset(server)
  await server.POST('/mock/ai/$control/reset', {}, { validateStatus: () => true })
})

describe('end to end through intake, with the real executors against the mocks', () => {
  it('turns a CRITICAL vibration anomaly into one S/4 notification with the AI summary, recorded on the incident', async () => {
    const event = anomalyEvent({ ...MOTOR_1, measurement: 'vibration', severity: 'CRITICAL', value: 11.2, threshold: 7.1 })
    expect((await publish(server, event)).status).toBe(200)

    const stored = await done(event.id)
    const runs = await SELECT.from(ActionRuns).columns('phase_code', 'status_code', 'output').where({ event_ID: stored.ID })
    const summary = JSON.parse(runs.find(r => r.phase_code === 'PRE')?.output ?? '{}') as { summary: string; source: string }
    expect(summary.source).toBe('ai')

    const { notifications } = await s4.state(server)
    expect(notifications).toHaveLength(1)
    expect(notifications[0]).toMatchObject({
      NotificationType: 'M2',
      MaintPriority: '1',
      TechnicalObject: '10000001',
      MaintNotifLongTextForEdit: expect.stringContaining(summary.summary),
    })
    const incident = await SELECT.one.from(Incidents, stored.incident_ID as string)
    expect(incident?.notificationNumber).toBe(notifications[0]?.MaintenanceNotification)
  })

  it.each(['fail', 'filter-output', 'slow'])('still creates the notification, with the plain description, when the AI answer is %s', async mode => {
    await aiMock(mode === 'slow' ? { mode, latencyMs: 12_000 } : { mode })
    const event = anomalyEvent({ assetId: randomUUID(), assetName: MOTOR_1.assetName })
    await publish(server, event)
    const stored = await done(event.id)
    const pre = await SELECT.one.from(ActionRuns).columns('output').where({ event_ID: stored.ID, phase_code: 'PRE' })
    expect(JSON.parse(pre?.output ?? '{}')).toMatchObject({ source: 'fallback' })
    const { notifications } = await s4.state(server)
    expect(notifications).toHaveLength(1)
    expect(notifications[0]?.MaintNotifLongTextForEdit).toMatch(/Hamburg Line 1 Motor 1.*vibration/s)
  }, 30_000)

  it('lets a Build Process Automation decision choose the chain when the rule delegates', async () => {
    // the seeded delegating rule covers Hamburg pumps; switch it on and give it the first say
    await UPDATE(Rules, '0e000000-0000-4000-8000-000000000007').with({ active: true, priority: 1 })
    const pump = { assetId: randomUUID(), assetName: 'Hamburg Line 1 Pump 1', propertyAlias: '/Plant1010/Line1/Pump1/Temperature' }
    const event = anomalyEvent({ ...pump, measurement: 'temperature', severity: 'WARNING', unit: '°C', value: 81, threshold: 75 })
    await publish(server, event)
    const stored = await done(event.id)
    const runs = await SELECT.from(ActionRuns).columns('phase_code', 'position', 'status_code', 'output').where({ event_ID: stored.ID })
    const decision = runs.find(r => r.position === 0)
    expect(JSON.parse(decision?.output ?? '{}')).toEqual({ chain: 'Maintenance request with AI summary', result: 'Maintenance request with AI summary' })
    expect(runs.map(r => `${r.phase_code}${r.position}:${r.status_code}`).sort()).toEqual(['MAIN1:SUCCEEDED', 'PRE0:SUCCEEDED', 'PRE1:SUCCEEDED'])
    const { notifications } = await s4.state(server)
    expect(notifications).toEqual([expect.objectContaining({ NotificationType: 'M1', MaintPriority: '3' })])
    await UPDATE(Rules, '0e000000-0000-4000-8000-000000000007').with({ active: false, priority: 90 })
  })
})
