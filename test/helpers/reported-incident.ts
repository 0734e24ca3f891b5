import { randomUUID } from 'node:crypto'
import { Events, Incidents, type Incident } from '#cds-models/e2ba'
import { anomalyEvent, MOTOR_1 } from '../factories/events'
import { eventually } from './eventually'
import { publish } from './publish'
import type { Server } from './server'

/**
 * Publishes an anomaly of a fresh asset and waits until its incident has an S/4 notification
 * (and, with `statusRead`, the notification's status read back from S/4)
 */
export async function reportedIncident(server: Server, { statusRead = false } = {}) {
  const event = anomalyEvent({ assetId: randomUUID(), assetName: MOTOR_1.assetName })
  expect((await publish(server, event)).status).toBe(200)
  return eventually(async () => {
    const stored = await SELECT.one.from(Events).columns('incident_ID').where({ eventId: event.id })
    const incident = (stored?.incident_ID ? await SELECT.one.from(Incidents, stored.incident_ID) : undefined) as Incident | undefined
    if (!incident?.notificationNumber || (statusRead && !incident.notificationStatus)) throw new Error(`no notification${statusRead ? ' status' : ''} yet: ${JSON.stringify(incident)}`)
    return Object.assign(incident, { ID: incident.ID as string, notificationNumber: incident.notificationNumber, assetId: event.data.assetId })
  }, 25_000)
}
