import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { Events, Incidents, type Incident } from '#cds-models/e2ba'
import { anomalyEvent, eventRow } from './factories/events'
import { as, MONITORING, serve, type User } from './helpers/server'

/** The Incidents app's service side: the notification link and status, the peak, the samples of its chart */
const server = serve()

const INTENT = 'MaintenanceNotification-displayFactSheet'
const s4ui = () => (cds.env.requires as unknown as { s4ui: { url?: string; intent?: string } }).s4ui

/** An incident with its S/4 notification, and `events` events carrying the given samples */
async function incident(data: Partial<Incident> = {}, ...samples: { time: string; value: number; quality?: 'GOOD' | 'BAD' }[][]) {
  const ID = randomUUID()
  await INSERT.into(Incidents).entries({
    ID, assetId: randomUUID(), assetName: 'Hamburg Line 1 Motor 1', anomalyType_code: 'THRESHOLD', firstSeen: '2026-11-25T10:00:00Z', lastSeen: '2026-11-25T10:05:00Z',
    peakValue: 11.2, threshold: 7.1, unit: 'mm/s', notificationNumber: '10000001', notificationPhase: '1', notificationStatus: 'Outstanding', ...data,
  })
  // one after the other: the latest event is the last one given
  for (const [i, points] of samples.entries()) {
    const event = eventRow(anomalyEvent({ samples: points, sampleCount: points.length }))
    await INSERT.into(Events).entries(Object.assign(event, { incident_ID: ID, receivedAt: new Date(Date.parse('2026-11-25T10:05:00Z') + i * 1000).toISOString() }))
  }
  return ID
}

const read = (url: string, user: User = 'viewer') => server.GET(`${MONITORING}/${url}`, as(user))

describe('the notification of an incident', () => {
  afterEach(() => {
    s4ui().url = '/mock/s4/ui'
    delete s4ui().intent
  })

  it('links to the S/4 UI configured in cds.requires.s4ui.url (locally the S/4 stand-in), opening the display intent', async () => {
    const ID = await incident()
    const { data } = await read(`Incidents(${ID})?$select=notificationNumber,notificationUrl,notificationStatus,notificationCriticality`)
    expect(data).toMatchObject({
      notificationNumber: '10000001',
      notificationUrl: `/mock/s4/ui#${INTENT}?MaintenanceNotification=10000001`,
      notificationStatus: 'Outstanding',
      // outstanding: nobody works on it yet
      notificationCriticality: 2,
    })
  })

  it('is the intent alone without a configured URL, for the launchpad around the app (Work Zone) to resolve; the intent is configurable', async () => {
    delete s4ui().url
    const ID = await incident({ notificationNumber: '10000002' })
    expect((await read(`Incidents(${ID})?$select=notificationUrl`)).data.notificationUrl).toBe(`#${INTENT}?MaintenanceNotification=10000002`)
    s4ui().intent = 'MaintenanceNotification-display'
    expect((await read(`Incidents(${ID})?$select=notificationUrl`)).data.notificationUrl).toBe('#MaintenanceNotification-display?MaintenanceNotification=10000002')
  })

  it('has no link while there is no notification', async () => {
    const ID = await incident({ notificationNumber: null, notificationPhase: null, notificationStatus: null })
    expect((await read(`Incidents(${ID})?$select=notificationUrl,notificationCriticality`)).data).toMatchObject({ notificationUrl: null, notificationCriticality: 0 })
  })

  it.each([
    ['4', 'Completed', 3],
    ['3', 'In process', 5],
    ['2', 'Postponed', 2],
    ['D', 'Deleted', 1],
  ])("colours phase %s (%s) by the status's criticality %i", async (notificationPhase, notificationStatus, criticality) => {
    const ID = await incident({ notificationPhase, notificationStatus })
    expect((await read(`Incidents(${ID})?$select=notificationCriticality`)).data.notificationCriticality).toBe(criticality)
  })

  it('offers the S/4 statuses that incidents have as the values of its filter', async () => {
    await incident({ notificationPhase: '4', notificationStatus: 'Completed' })
    const { data } = await read('NotificationStatuses')
    expect(data.value.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['Outstanding', 'Completed']))
    expect(new Set(data.value.map((s: { name: string }) => s.name)).size).toBe(data.value.length)
  })
})

describe('the peak of an incident against its threshold', () => {
  it('reads as "peak / threshold unit", also when selected alone', async () => {
    const ID = await incident({ peakValue: 11.237, threshold: 7.1 })
    expect((await read(`Incidents(${ID})?$select=peakAgainstThreshold`)).data.peakAgainstThreshold).toBe('11.24 / 7.1 mm/s')
  })

  it('is the peak alone when the anomaly has no threshold (alarms, bad quality)', async () => {
    const ID = await incident({ anomalyType_code: 'ALARM', peakValue: 1, threshold: null, unit: null })
    expect((await read(`Incidents(${ID})?$select=peakAgainstThreshold`)).data.peakAgainstThreshold).toBe('1')
  })
})

describe('the samples of an incident, for its chart', () => {
  const at = (minute: number) => `2026-11-25T10:0${minute}:00.000Z`

  it("are the points its events carried, in time order, the latest event's reading winning, each with the incident's threshold", async () => {
    const ID = await incident({}, [{ time: at(1), value: 5 }, { time: at(2), value: 6 }], [{ time: at(2), value: 6.5 }, { time: at(0), value: 4, quality: 'BAD' }])
    const { status, data } = await read(`Incidents(${ID})/samples`)
    expect(status).toBe(200)
    expect(data.value).toEqual([
      { incident_ID: ID, time: at(0), value: 4, quality: 'BAD', threshold: 7.1, unit: 'mm/s' },
      { incident_ID: ID, time: at(1), value: 5, quality: null, threshold: 7.1, unit: 'mm/s' },
      { incident_ID: ID, time: at(2), value: 6.5, quality: null, threshold: 7.1, unit: 'mm/s' },
    ])
  })

  it('are read the same by a filter on the incident, and with the incident by $expand', async () => {
    const ID = await incident({}, [{ time: at(1), value: 5 }])
    expect((await read(`IncidentSamples?$filter=incident_ID eq ${ID}`)).data.value).toEqual([expect.objectContaining({ time: at(1), value: 5 })])
    expect((await read(`Incidents(${ID})?$select=ID&$expand=samples`)).data.samples).toEqual([expect.objectContaining({ time: at(1), value: 5 })])
  })

  it('are none for an event without samples (the legacy shape) and for an incident that does not exist', async () => {
    const ID = await incident()
    await INSERT.into(Events).entries(Object.assign(eventRow(), { incident_ID: ID, payload: JSON.stringify({ data: { AssetName: 'Motor 1' } }) }))
    expect((await read(`Incidents(${ID})/samples`)).data.value).toEqual([])
    expect((await read(`IncidentSamples?$filter=incident_ID eq ${randomUUID()}`)).data.value).toEqual([])
  })

  it('are only read per incident: without one there are none, any other filter is refused', async () => {
    expect((await read('IncidentSamples?$top=1')).data.value).toEqual([])
    expect((await read('IncidentSamples?$filter=value gt 5')).status).toBe(400)
  })
})

describe('what a viewer (the planner) may do', () => {
  it('read incidents, their samples and notification statuses, but change nothing', async () => {
    const ID = await incident({}, [{ time: '2026-11-25T10:00:00.000Z', value: 5 }])
    for (const url of [`Incidents(${ID})`, `Incidents(${ID})/samples`, 'NotificationStatuses', 'Kpis']) expect({ url, status: (await read(url)).status }).toEqual({ url, status: 200 })
    const writes = [
      await server.PATCH(`${MONITORING}/Incidents(${ID})`, { notificationStatus: 'Completed' }, as('viewer')),
      await server.DELETE(`${MONITORING}/Incidents(${ID})`, as('viewer')),
      await server.POST(`${MONITORING}/IncidentSamples`, { incident_ID: ID, time: '2026-11-25T10:00:00Z', value: 1 }, as('viewer')),
      await server.POST(`${MONITORING}/Kpis`, { period: 'P1D' }, as('viewer')),
    ]
    expect(writes.map(w => w.status)).toEqual([405, 405, 405, 405])
    expect(await SELECT.one.from(Incidents).columns('notificationStatus').where({ ID })).toEqual({ notificationStatus: 'Outstanding' })
  })

  it('not read them signed out or as the broker', async () => {
    expect((await read('Incidents', 'anonymous')).status).toBe(401)
    expect((await read('IncidentSamples', 'broker')).status).toBe(403)
  })
})
