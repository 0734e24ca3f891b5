import type { Severity } from '#cds-models/e2ba/contract'
import { anomalyEvent as eventOf } from '../../factories/events'

/**
 * Talks to the served app over HTTP as producers and operators do: publishes events to the mock
 * broker, steers the mock S/4, and reads the monitoring service.
 */
export class Pipeline {
  constructor(private readonly url: string) {}

  /** Publishes as the Lambda does: AEM REST, persistent, the event id as message id */
  async publish(event: { id: string }) {
    const res = await fetch(`${this.url}/mock/aem/TOPIC/sitewise/anomaly/browser`, {
      method: 'POST',
      headers: { authorization: basic('publisher', 'publisher'), 'content-type': 'application/json', 'solace-delivery-mode': 'persistent', 'solace-message-id': event.id },
      body: JSON.stringify(event),
    })
    if (!res.ok) throw new Error(`publishing answered ${res.status}`)
  }

  /** The next n writes to the mock S/4 answer `status` */
  async failS4(failNext: number, status: number) {
    const res = await fetch(`${this.url}/mock/s4/$control`, {
      method: 'POST',
      headers: { authorization: basic('s4user', 's4pass'), 'content-type': 'application/json' },
      body: JSON.stringify({ failNext, status }),
    })
    if (!res.ok) throw new Error(`the mock S/4 control answered ${res.status}`)
  }

  /** Completes the notification in the mock S/4, as a planner does once the work is done */
  async completeNotification(number: string) {
    const res = await fetch(`${this.url}/mock/s4/$control/notifications/${number}/complete`, { method: 'POST', headers: { authorization: basic('s4user', 's4pass') } })
    if (!res.ok) throw new Error(`completing notification ${number} answered ${res.status}`)
  }

  /** The asset's latest incident once its S/4 notification has the status `notificationStatus` */
  async incident(assetId: string, notificationStatus: string, timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs
    for (;;) {
      const res = await fetch(`${this.url}/odata/v4/monitoring/Incidents?$filter=assetId eq '${assetId}'&$orderby=createdAt desc&$top=1&$select=ID,notificationNumber,notificationStatus,notificationUrl`, {
        headers: { authorization: basic('viewer', 'viewer') },
      })
      const [incident] = ((await res.json()) as { value: IncidentRow[] }).value
      if (incident?.notificationStatus === notificationStatus) return incident
      if (Date.now() > until) throw new Error(`the incident of ${assetId} has notification status ${incident?.notificationStatus ?? 'none'}, not ${notificationStatus}`)
      await new Promise(resolve => setTimeout(resolve, 250))
    }
  }

  /** The stored event's status, once it is one of `statuses` */
  async settled(eventId: string, statuses: string[], timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs
    for (;;) {
      const res = await fetch(`${this.url}/odata/v4/monitoring/Events?$filter=eventId eq '${eventId}'&$select=ID,status_code`, { headers: { authorization: basic('admin', 'admin') } })
      const [event] = ((await res.json()) as { value: { ID: string; status_code: string }[] }).value
      if (event && statuses.includes(event.status_code)) return event
      if (Date.now() > until) throw new Error(`event ${eventId} is ${event?.status_code ?? 'not stored'}, not ${statuses.join(' or ')}`)
      await new Promise(resolve => setTimeout(resolve, 250))
    }
  }
}

/** An incident as the Incidents app reads it */
export interface IncidentRow {
  ID: string
  notificationNumber: string | null
  notificationStatus: string | null
  notificationUrl: string | null
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/**
 * The shared event factory for a seeded asset, in the last five minutes: the monitor's chart
 * and "today" figures show it, and the incident's chart its samples, a vibration that rises
 * over the threshold (7.1 mm/s) to the peak (11.2)
 */
export function anomalyEvent(asset: { assetId: string; assetName: string; alias: string }, severity: Severity = 'CRITICAL') {
  const end = Date.now()
  const windowEnd = new Date(end).toISOString()
  const windowStart = new Date(end - 5 * 60_000).toISOString()
  const samples = Array.from({ length: 21 }, (_, i) => ({ time: new Date(end - (20 - i) * 15_000).toISOString(), value: Math.round((4.2 + (7 * i ** 2) / 400) * 10) / 10, quality: 'GOOD' as const }))
  return { ...eventOf({ assetId: asset.assetId, assetName: asset.assetName, propertyAlias: asset.alias, severity, windowStart, windowEnd, samples, sampleCount: samples.length }), time: windowEnd }
}

export const MOTOR_1 = { assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c', assetName: 'Hamburg Line 1 Motor 1', alias: '/Plant1010/Line1/Motor1/Vibration' }
export const MOTOR_2 = { assetId: '32e4de92-a836-58d7-a0bb-f21f3d278ac3', assetName: 'Hamburg Line 1 Motor 2', alias: '/Plant1010/Line1/Motor2/Vibration' }
export const PUMP_1 = { assetId: '0a090dcd-ede3-5597-b33a-5fc0c0a5422c', assetName: 'Hamburg Line 1 Pump 1', alias: '/Plant1010/Line1/Pump1/Vibration' }
