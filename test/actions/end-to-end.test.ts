import { ActionRuns, Events, Incidents } from '#cds-models/e2ba'
import { anomalyEvent, MOTOR_1 } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { s4 } from '../helpers/mocks'
import { publish } from '../helpers/publish'
import { serve } from '../helpers/server'

const server = serve()

describe('end to end through intake, with the real executors against the mocks', () => {
  it('turns a CRITICAL vibration anomaly into one S/4 notification with the AI summary, recorded on the incident', async () => {
    const event = anomalyEvent({ ...MOTOR_1, measurement: 'vibration', severity: 'CRITICAL', value: 11.2, threshold: 7.1 })
    expect((await publish(server, event)).status).toBe(200)

    const stored = await eventually(async () => {
      const row = await SELECT.one.from(Events).where({ eventId: event.id })
      if (row?.status_code !== 'DONE') throw new Error(`event is ${row?.status_code ?? 'not stored'}: ${row?.statusReason ?? ''}`)
      return row
    })
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
})
