import { randomUUID } from 'node:crypto'
import { Events, Incidents } from '#cds-models/e2ba'
import { anomalyEvent } from '../factories/events'
import { as, serve } from '../helpers/server'

const server = serve()

describe('an incident whose suppression window has passed', () => {
  it('closes when the next anomaly of its asset arrives, and a new incident opens for it, in one transaction', async () => {
    const assetId = randomUUID()
    // the seeded rule suppresses for 240 minutes: the second window starts well after that
    const first = anomalyEvent({ assetId, windowStart: '2026-11-25T01:00:00.000Z', windowEnd: '2026-11-25T01:05:00.000Z' })
    const second = anomalyEvent({ assetId, windowStart: '2026-11-25T10:00:00.000Z', windowEnd: '2026-11-25T10:05:00.000Z' })
    // separately, so that the first incident is stored (open) before the second event arrives
    for (const event of [first, second]) {
      const res = await server.POST('/intake/events', event, as('broker'))
      expect({ status: res.status, body: res.data as unknown }).toMatchObject({ status: 200, body: { status: 'ACCEPTED', eventStatus: 'PROCESSING' } })
    }
    const incidents = await SELECT.from(Incidents).columns('ID', 'status_code', 'firstSeen').where({ assetId }).orderBy('firstSeen')
    expect(incidents.map(i => i.status_code)).toEqual(['CLOSED', 'OPEN'])
    const events = await SELECT.from(Events).columns('eventId', 'incident_ID').where({ assetId })
    expect(new Set(events.map(e => e.incident_ID)).size).toBe(2)
  })
})
