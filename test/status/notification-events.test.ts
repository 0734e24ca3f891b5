/**
 * The status of S/4 notifications coming back as S/4's business events, through the mock
 * broker's notification event queue, read through from the S/4 stand-in: a completed
 * notification closes its incident and the next anomaly opens a new one; duplicates, events
 * out of order, events about other notifications and events that are none are handled.
 */
// an event about an unknown notification is ignored after 2 s instead of 2 min
process.env.CDS_CONFIG = JSON.stringify({ requires: { notificationStatus: { sweepSeconds: 1, unmatchedGraceSeconds: 2 } } })

import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { Incidents, NotificationEvents } from '#cds-models/e2ba'
import type { QueueState } from '../../mocks/src/broker/mock-broker'
import { anomalyEvent, MOTOR_1 } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publish, publisher } from '../helpers/publish'
import { reportedIncident } from '../helpers/reported-incident'
import { serve } from '../helpers/server'

const server = serve()

afterAll(() => {
  delete process.env.CDS_CONFIG
})

const S4 = { auth: { username: 's4user', password: 's4pass' }, validateStatus: () => true }
const TOPIC = 'sap/S4HANAOD/E2BA/ce/sap/s4/beh/maintenancenotification/v1/MaintenanceNotification'

/** A business event as S/4 publishes it: lean, the notification's key only */
const notificationEvent = (number: string, operation = 'Changed', time = new Date().toISOString(), id: string = randomUUID()) => ({
  specversion: '1.0',
  id,
  source: '/default/sap.s4.beh/E2BA',
  type: `sap.s4.beh.maintenancenotification.v1.MaintenanceNotification.${operation}.v1`,
  time,
  datacontenttype: 'application/json',
  data: { MaintenanceNotification: number },
})

const publishNotificationEvent = (event: { type: string; id: string } | string, operation = 'Changed') =>
  publish(server, event, `${TOPIC}/${operation}/v1`)


const changeInS4 = async (number: string, change: 'complete' | 'in-process' | 'delete') => {
  const res = await server.POST(`/mock/s4/$control/notifications/${number}/${change}`, {}, S4)
  expect(res.status).toBe(200)
}

const notificationQueue = async () =>
  ((await server.GET('/mock/aem/queues', { auth: publisher })).data as QueueState[]).find(q => q.name === 'e2ba/s4-notification-events')

const incident = (ID: string) => SELECT.one.from(Incidents, ID)
const eventsAbout = (notificationNumber: string) => SELECT.from(NotificationEvents).where({ notificationNumber }).orderBy('receivedAt')

describe('notification status from S/4 business events', () => {
  it('reads the status of a new notification from its Created event', async () => {
    const reported = await reportedIncident(server, { statusRead: true })
    expect(reported).toMatchObject({ status_code: 'OPEN', notificationPhase: '1', notificationStatus: 'Outstanding' })
    expect(reported.notificationChangedAt).toBeTruthy()
    const events = await eventsAbout(reported.notificationNumber)
    expect(events.map(e => [e.type, e.outcome])).toContainEqual(['sap.s4.beh.maintenancenotification.v1.MaintenanceNotification.Created.v1', 'APPLIED'])
  })

  it('closes the incident when its notification is completed in S/4, and the next anomaly opens a new incident and notification', async () => {
    const reported = await reportedIncident(server, { statusRead: true })
    const number = reported.notificationNumber
    await changeInS4(number, 'in-process')
    await eventually(async () => expect(await incident(reported.ID)).toMatchObject({ notificationPhase: '3', status_code: 'OPEN' }))
    await changeInS4(number, 'complete')
    const closed = await eventually(async () => {
      const row = await incident(reported.ID)
      expect(row).toMatchObject({ status_code: 'CLOSED', notificationPhase: '4', notificationStatus: 'Completed', closeReason: `notification ${number} completed in S/4` })
      return row
    })
    expect(closed?.openSlot).toBe(reported.ID)
    expect(closed?.notificationCompletedOn).toMatch(/^\d{4}-\d\d-\d\d$/)

    // the same fault again, well inside the old incident's suppression window: reported anew
    const again = anomalyEvent({ assetId: reported.assetId, assetName: MOTOR_1.assetName, windowStart: '2026-11-25T10:06:00.000Z', windowEnd: '2026-11-25T10:07:00.000Z' })
    expect((await publish(server, again)).status).toBe(200)
    const next = await eventually(async () => {
      const rows = await SELECT.from(Incidents).where({ assetId: reported.assetId, status_code: 'OPEN' })
      expect(rows).toHaveLength(1)
      expect(rows[0]?.notificationNumber).toBeTruthy()
      return rows[0]
    }, 25_000)
    expect(next?.ID).not.toBe(reported.ID)
    expect(next?.notificationNumber).not.toBe(number)
  })

  it('closes the incident when its notification is deleted in S/4', async () => {
    const reported = await reportedIncident(server, { statusRead: true })
    await changeInS4(reported.notificationNumber, 'delete')
    await eventually(async () =>
      expect(await incident(reported.ID)).toMatchObject({ status_code: 'CLOSED', notificationPhase: 'D', notificationStatus: 'Deleted', closeReason: `notification ${reported.notificationNumber} deleted in S/4` }),
    )
  })

  it('stores a duplicate delivery once and reads the notification once for it', async () => {
    const reported = await reportedIncident(server, { statusRead: true })
    const number = reported.notificationNumber
    const event = notificationEvent(number)
    expect((await publishNotificationEvent(event)).status).toBe(200)
    expect((await publishNotificationEvent(event)).status).toBe(200)
    await eventually(async () => expect((await SELECT.one.from(NotificationEvents).where({ eventId: event.id }))?.outcome).toBe('APPLIED'))
    await eventually(async () => expect(await notificationQueue()).toMatchObject({ depth: 0, unsettled: 0 }))
    expect(await SELECT.from(NotificationEvents).where({ eventId: event.id })).toHaveLength(1)
  })

  it('keeps the newest status when an older event arrives after a newer one', async () => {
    const reported = await reportedIncident(server, { statusRead: true })
    const number = reported.notificationNumber
    await changeInS4(number, 'complete')
    await eventually(async () => expect((await incident(reported.ID))?.status_code).toBe('CLOSED'))
    const completedAt = (await incident(reported.ID))?.notificationChangedAt
    // the in-process event of an hour ago, delivered late
    const late = notificationEvent(number, 'Changed', new Date(Date.now() - 3_600_000).toISOString())
    expect((await publishNotificationEvent(late)).status).toBe(200)
    await eventually(async () => expect((await SELECT.one.from(NotificationEvents).where({ eventId: late.id }))?.outcome).toBe('APPLIED'))
    expect(await incident(reported.ID)).toMatchObject({ status_code: 'CLOSED', notificationPhase: '4', notificationChangedAt: completedAt })
  })

  it('ignores, and logs, an event about a notification this app did not create', async () => {
    const info = jest.spyOn(cds.log('status'), 'info')
    const foreign = notificationEvent('99999999')
    expect((await publishNotificationEvent(foreign)).status).toBe(200)
    const stored = await eventually(async () => {
      const row = await SELECT.one.from(NotificationEvents).where({ eventId: foreign.id })
      expect(row?.outcome).toBe('IGNORED')
      return row
    })
    expect(stored?.reason).toBe('notification 99999999 was not created by this app')
    expect(stored?.incident_ID).toBeNull()
    expect(info).toHaveBeenCalledWith('ignored notification event', foreign.id, '-', 'notification 99999999 was not created by this app')
    info.mockRestore()
  })

  it('rejects what is no maintenance notification event, stored with the reason', async () => {
    const wrongType = { ...notificationEvent('10000001'), type: 'sap.s4.beh.purchaserequisition.v1.PurchaseRequisition.Changed.v1' }
    const noNumber = { ...notificationEvent('10000001'), data: { MaintenanceNotification: '1; DROP TABLE' } }
    const deadBefore = (await notificationQueue())?.deadMessageQueue.length ?? 0
    for (const body of [wrongType, noNumber, '{"specversion":"1.0"', '[]']) expect((await publishNotificationEvent(body)).status).toBe(200)
    await eventually(async () => {
      // settled as rejected: the broker moves them to the dead message queue at once
      expect((await notificationQueue())?.deadMessageQueue.length).toBe(deadBefore + 4)
      const rejected = await SELECT.from(NotificationEvents).where({ outcome: 'REJECTED' })
      expect(rejected.map(r => r.reason)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('type: not a maintenance notification event'),
          expect.stringContaining('data.MaintenanceNotification'),
          expect.stringContaining('is not JSON'),
          'message must be a JSON object',
        ]),
      )
    })
  })
})
