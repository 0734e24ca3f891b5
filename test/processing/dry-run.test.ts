import cds from '@sap/cds'
import { Events, Incidents } from '#cds-models/e2ba'
import { anomalyEvent, eventRow, MOTOR_1 } from '../factories/events'
import type { DryRunResult } from '../../srv/processing/dry-run'
import { ADMIN, MONITORING, as, serve } from '../helpers/server'

const server = serve()

const dryRun = (body: object, user: 'admin' | 'viewer' = 'admin') => server.POST(`${ADMIN}/dryRun`, body, as(user))
const counts = async () => ({
  events: (await SELECT.from(Events)).length,
  incidents: (await SELECT.from(Incidents)).length,
})
const notificationsInMockS4 = async () =>
  (
    await server.GET('/mock/s4/sap/opu/odata/sap/API_MAINTNOTIFICATION/MaintenanceNotification?$format=json', {
      auth: { username: 's4user', password: 's4pass' },
    })
  ).data.d.results.length as number

describe('dry run: what the rules would do with an event, without doing it', () => {
  it('names the matching rule and renders every step of its chain, and writes and sends nothing', async () => {
    const before = { ...(await counts()), notifications: await notificationsInMockS4() }
    const res = await dryRun({ event: JSON.stringify(anomalyEvent({ severity: 'CRITICAL' })) })
    expect(res.status).toBe(200)
    const result = res.data as DryRunResult
    expect(result).toMatchObject({ matched: true, ruleName: 'Vibration critical: malfunction report', suppressed: false, incident_ID: null })
    expect(result.decision).toMatch(/opens a new incident/)
    const notification = result.steps.find(s => s.kind === 'S4_MAINTENANCE_NOTIFICATION')
    expect(notification).toMatchObject({ phase: 'MAIN', destination: 'S4HANA', method: 'POST' })
    expect(JSON.parse(notification?.request ?? 'null')).toMatchObject({
      NotificationType: 'M2',
      MaintPriority: '1',
      NotificationText: expect.stringContaining('Motor 1') as string,
      // the long text falls back to the deterministic summary: the AI is not asked
      MaintNotifLongTextForEdit: expect.stringContaining('11.2') as string,
      // the incident it would open has no ID yet
      MaintNotifExtReferenceNumber: '(assigned at run time)',
    })
    expect(result.steps.find(s => s.kind === 'AI_SUMMARY')?.note).toMatch(/SAP AI Core writes the summary at run time/)
    expect({ ...(await counts()), notifications: await notificationsInMockS4() }).toEqual(before)
  })

  it('answers the same in the messages Fiori elements shows', async () => {
    const res = await dryRun({ event: JSON.stringify(anomalyEvent({ severity: 'WARNING' })) })
    expect(res.status).toBe(200)
    const messages = JSON.parse(String(res.headers['sap-messages'])) as { message: string }[]
    expect(messages[0]?.message).toMatch(/^Dry run: rule "Vibration warning: maintenance request" matches/)
    expect(messages.slice(1).map(m => m.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^MAIN 1 "S\/4 maintenance request/)]))
  })

  it('says so when no rule matches', async () => {
    const res = await dryRun({ event: JSON.stringify(anomalyEvent({ measurement: 'other', anomalyType: 'DRIFT', severity: 'WARNING' })) })
    expect(res.data).toMatchObject({ matched: false, decision: 'no rule matched', steps: [] })
  })

  it('takes a received event picked by its ID', async () => {
    const row = eventRow(anomalyEvent({ severity: 'CRITICAL' }))
    await INSERT.into(Events).entries(row)
    const res = await dryRun({ sample: row.ID })
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({ matched: true, ruleName: 'Vibration critical: malfunction report' })
  })

  it('shows that an event inside an open incident would be suppressed', async () => {
    const ID = cds.utils.uuid()
    const now = new Date().toISOString()
    await INSERT.into(Incidents).entries({
      ID,
      assetId: MOTOR_1.assetId,
      anomalyType_code: 'THRESHOLD',
      firstSeen: now,
      lastSeen: now,
      suppressUntil: '2999-01-01T00:00:00.000Z',
    })
    const res = await dryRun({ event: JSON.stringify(anomalyEvent()) })
    expect(res.data).toMatchObject({ matched: true, suppressed: true, incident_ID: ID, steps: [] })
    expect((res.data as DryRunResult).decision).toMatch(/suppressed/)
    await DELETE.from(Incidents).where({ ID })
  })

  it.each<[string, object, number, RegExp]>([
    ['no event at all', {}, 400, /Paste an event or pick a received one/],
    ['text that is not JSON', { event: '{ not json' }, 400, /This is not an anomaly event/],
    ['an event without its asset', { event: JSON.stringify(anomalyEvent({ assetId: undefined as unknown as string })) }, 400, /This is not an anomaly event: .*assetId/],
    ['a received event that does not exist', { sample: cds.utils.uuid() }, 404, /No received event has the ID/],
  ])('refuses %s with a clear message', async (_, body, status, message) => {
    const res = await dryRun(body)
    expect(res.status).toBe(status)
    expect(res.data.error.message).toMatch(message)
  })

  it('is for admins only', async () => {
    expect((await dryRun({ event: JSON.stringify(anomalyEvent()) }, 'viewer')).status).toBe(403)
    // and a viewer still reads the monitoring
    expect((await server.GET(`${MONITORING}/Events`, as('viewer'))).status).toBe(200)
  })
})
