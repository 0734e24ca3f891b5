/**
 * The status of S/4 notifications coming back by polling, for systems that publish no
 * business events: with no notification event queue, the instance holding a destination's
 * poll reads the notifications changed since its watermark, rides out S/4 being down, and a
 * completed notification closes its incident.
 */
process.env.CDS_CONFIG = JSON.stringify({ requires: { aem: { notificationEvents: null }, notificationStatus: { sweepSeconds: 1, pollSeconds: 2, timeoutSeconds: 2, retry: { baseSeconds: 1, maxDelaySeconds: 2 } } } })

import { Incidents, NotificationEvents, NotificationPolls } from '#cds-models/e2ba'
import { applyNotificationStatus } from '../../srv/status/notification-status'
import { eventually } from '../helpers/eventually'
import { s4 } from '../helpers/mocks'
import { reportedIncident } from '../helpers/reported-incident'
import { serve } from '../helpers/server'

const server = serve()

const S4 = { auth: { username: 's4user', password: 's4pass' }, validateStatus: () => true }

afterAll(() => {
  delete process.env.CDS_CONFIG
})


const incident = (ID: string) => SELECT.one.from(Incidents, ID)
const complete = async (number: string) => expect((await server.POST(`/mock/s4/$control/notifications/${number}/complete`, {}, S4)).status).toBe(200)

describe('notification status by polling changed notifications', () => {
  it('reads a new notification and closes the incident once it is completed', async () => {
    const reported = await reportedIncident(server)
    await eventually(async () => expect(await incident(reported.ID)).toMatchObject({ notificationPhase: '1', notificationStatus: 'Outstanding', status_code: 'OPEN' }), 15_000)
    await complete(reported.notificationNumber)
    await eventually(async () => expect(await incident(reported.ID)).toMatchObject({ status_code: 'CLOSED', notificationPhase: '4', closeReason: `notification ${reported.notificationNumber} completed in S/4` }), 15_000)

    // no events were involved; the poll asked S/4 for changes since its watermark
    expect(await SELECT.from(NotificationEvents)).toEqual([])
    const [poll] = await SELECT.from(NotificationPolls)
    expect(poll).toMatchObject({ destination: 'S4HANA', leaseOwner: null })
    expect(Date.parse(poll?.watermark ?? '')).toBeGreaterThanOrEqual(Date.parse((await incident(reported.ID))?.notificationChangedAt ?? ''))
    const polls = (await s4.state(server)).requests.filter(r => r.method === 'GET' && decodeURIComponent(r.query).includes('LastChangeDateTime ge'))
    expect(polls.length).toBeGreaterThan(0)
  })

  it('rides out S/4 being down and catches up with what changed meanwhile', async () => {
    const reported = await reportedIncident(server)
    await eventually(async () => expect((await incident(reported.ID))?.notificationPhase).toBe('1'), 15_000)
    // S/4 answers nothing: every poll runs into its deadline
    await s4.control(server, { hangRate: 100 })
    await complete(reported.notificationNumber)
    const abandonedPolls = async () => (await s4.state(server)).requests.filter(r => r.method === 'GET' && r.abandoned).length
    await eventually(async () => expect(await abandonedPolls()).toBeGreaterThanOrEqual(2), 20_000)
    expect((await incident(reported.ID))?.status_code).toBe('OPEN')
    await s4.control(server, { hangRate: 0 })
    await eventually(async () => expect((await incident(reported.ID))?.status_code).toBe('CLOSED'), 20_000)
  })

  it('never lets an older read overwrite a newer one', async () => {
    const reported = await reportedIncident(server)
    await complete(reported.notificationNumber)
    const closed = await eventually(async () => {
      const row = await incident(reported.ID)
      expect(row?.status_code).toBe('CLOSED')
      return row
    }, 15_000)
    const older = new Date(Date.parse(closed?.notificationChangedAt ?? '') - 60_000).toISOString()
    const applied = await applyNotificationStatus(
      { ID: reported.ID, notificationNumber: reported.notificationNumber, notificationChangedAt: closed?.notificationChangedAt, status_code: 'CLOSED' },
      { MaintenanceNotification: reported.notificationNumber, NotifProcessingPhase: '3', NotifProcessingPhaseDesc: 'In Process', LastChangeDateTime: older },
    )
    expect(applied).toBe('stale')
    expect(await incident(reported.ID)).toMatchObject({ notificationPhase: '4', notificationChangedAt: closed?.notificationChangedAt })
  })
})
