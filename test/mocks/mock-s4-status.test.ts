/**
 * The status of maintenance notifications in the S/4 stand-in, over HTTP: the actions that
 * change it, the polling query as CAP's remote service sends it, the control API, the business
 * events published to a broker, and the notification app that planners' links open.
 */
import cds from '@sap/cds'
import express from 'express'
import type { Server } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import vm from 'node:vm'
import { mockAemRest } from '../../mocks/src/broker/mock-aem-rest'
import { MockBroker } from '../../mocks/src/broker/mock-broker'
import type { EventTarget } from '../../mocks/src/s4/business-events'
import { mockS4 } from '../../mocks/src/s4/mock-s4'
import { eventually } from '../helpers/eventually'
import { s4 } from '../helpers/mocks'
import { serve } from '../helpers/server'
import { listen, NOTIFICATIONS, standInClient, stop } from '../helpers/s4-stand-in'

const TOPIC_PREFIX = 'sap/S4HANAOD/E2BA/ce/sap/s4/beh/maintenancenotification/v1/MaintenanceNotification'
const BROKER = { username: 'publisher', password: 'secret' }

let standIn: Server
let base: string
/** where the stand-in publishes; each test sets its own */
let target: EventTarget | undefined
const { call, fetchToken, createNotification, state } = standInClient(() => base)

beforeAll(async () => {
  ;({ server: standIn, url: base } = await listen(express().use(mockS4({ events: () => target }))))
})

afterAll(() => stop(standIn))

beforeEach(async () => {
  target = undefined
  expect((await call('POST', '/$control/reset')).status).toBe(204)
})

const instant = (literal: unknown) => Number(/^\/Date\((\d+)(?:\+0000)?\)\/$/.exec(String(literal))?.[1])
const numbers = (notifications: readonly Record<string, unknown>[]) => notifications.map(notification => notification.MaintenanceNotification)

/** A function import as SAP Gateway takes it: POST with the key (and parameters) in the query, CSRF-protected */
async function act(name: string, query: string) {
  const { token, cookie } = await fetchToken()
  return call('POST', `${NOTIFICATIONS}/${name}?${query}`, { body: {}, headers: { 'x-csrf-token': token, cookie } })
}

async function created(count: number): Promise<string[]> {
  const result: string[] = []
  for (let i = 1; i <= count; i++) {
    const answer = await createNotification({ NotificationText: `Pump ${i} vibrates`, MaintNotifExtReferenceNumber: `E2B-${i}` })
    expect(answer.status).toBe(201)
    result.push(answer.body.d.MaintenanceNotification)
  }
  return result
}

/** Waits for the next second: what happens after it changes later than what happened before (Precision 0) */
const nextSecond = () => sleep(1005 - (Date.now() % 1000))

describe('the status actions (function imports)', () => {
  it('complete a notification: phase 4, completion date and time, LastChange* now, strictly later at every change', async () => {
    const [number] = await created(1)
    const before = (await call('GET', `${NOTIFICATIONS}/MaintenanceNotification('${number}')`)).body.d
    expect(before).toMatchObject({ NotifProcessingPhase: '1', NotifProcessingPhaseDesc: 'Outstanding', NotificationCompletionDate: null })
    expect(instant(before.LastChangeDateTime) % 1000).toBe(0)

    const inProcess = await act('SetMaintNotifToInProcess', `MaintenanceNotification='${number}'`)
    expect(inProcess.status).toBe(200)
    expect(inProcess.body.d).toMatchObject({ MaintenanceNotification: number, NotifProcessingPhase: '3', NotifProcessingPhaseDesc: 'In Process', NotificationCompletionDate: null })

    const completed = await act('CompleteMaintNotification', `MaintenanceNotification='${number}'`)
    expect(completed.status).toBe(200)
    const notification = completed.body.d
    expect(notification).toMatchObject({
      __metadata: { type: 'API_MAINTNOTIFICATION.MaintenanceNotification' },
      MaintenanceNotification: number,
      NotifProcessingPhase: '4',
      NotifProcessingPhaseDesc: 'Completed',
      NotificationText: 'Pump 1 vibrates',
    })
    // created, set in process and completed within a second or two: each change a second later
    const changes = [before, inProcess.body.d, notification].map(each => instant(each.LastChangeDateTime))
    expect(changes[1]).toBeGreaterThan(changes[0] as number)
    expect(changes[2]).toBeGreaterThan(changes[1] as number)
    const completedAt = new Date(changes[2] as number)
    expect(notification.LastChangeDate).toBe(`/Date(${new Date(completedAt).setUTCHours(0, 0, 0, 0)})/`)
    expect(notification.NotificationCompletionDate).toBe(notification.LastChangeDate)
    expect(notification.CompletionTime).toBe(notification.LastChangeTime)
    expect(notification.LastChangeTime).toBe(`PT${completedAt.toISOString().slice(11, 19).replace(':', 'H').replace(':', 'M')}S`)
    expect((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification('${number}')`)).body.d).toEqual(notification)
  })

  it('take the completion reference date and time as parameters', async () => {
    const [number] = await created(1)
    const answer = await act('CompleteMaintNotification', `MaintenanceNotification='${number}'&NotificationReferenceDate=datetime'2026-03-01T00:00:00'&NotificationReferenceTime=time'PT10H30M00S'`)
    expect(answer.status).toBe(200)
    expect(answer.body.d).toMatchObject({ NotificationCompletionDate: `/Date(${Date.UTC(2026, 2, 1)})/`, CompletionTime: 'PT10H30M00S', NotifProcessingPhase: '4' })
  })

  it.each([
    ['an unknown number', 'CompleteMaintNotification', "MaintenanceNotification='99999999'", 404, 'S4MOCK/NOT_FOUND'],
    ['no key', 'CompleteMaintNotification', '', 400, 'S4MOCK/INVALID_QUERY'],
    ['an unknown parameter', 'SetMaintNotifToInProcess', "MaintenanceNotification='10000001'&Reason='x'", 400, 'S4MOCK/INVALID_QUERY'],
    ['a key that is no string literal', 'SetMaintNotifToInProcess', 'MaintenanceNotification=10000001', 400, 'S4MOCK/INVALID_QUERY'],
    ['a key longer than 12', 'SetMaintNotifToInProcess', `MaintenanceNotification='${'1'.repeat(13)}'`, 400, 'S4MOCK/INVALID_QUERY'],
  ])('refuse %s', async (_case, name, query, status, code) => {
    await created(1)
    const answer = await act(name, query)
    expect(answer.status).toBe(status)
    expect(answer.body.error.code).toBe(code)
    expect((await state()).notifications[0]).toMatchObject({ NotifProcessingPhase: '1' })
  })

  it('refuse a change the phase does not allow, and GET', async () => {
    const [number] = await created(1)
    expect((await act('CompleteMaintNotification', `MaintenanceNotification='${number}'`)).status).toBe(200)
    const again = await act('SetMaintNotifToInProcess', `MaintenanceNotification='${number}'`)
    expect(again.status).toBe(400)
    expect(again.body.error).toMatchObject({ code: 'S4MOCK/STATUS', message: { value: expect.stringContaining('Completed') } })
    const get = await call('GET', `${NOTIFICATIONS}/CompleteMaintNotification?MaintenanceNotification='${number}'`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('require the CSRF token like every modifying request', async () => {
    const [number] = await created(1)
    const answer = await call('POST', `${NOTIFICATIONS}/CompleteMaintNotification?MaintenanceNotification='${number}'`, { body: {} })
    expect(answer.status).toBe(403)
    expect(answer.headers.get('x-csrf-token')).toBe('Required')
    expect((await state()).notifications[0]).toMatchObject({ NotifProcessingPhase: '1' })
  })
})

describe('polling by CAP', () => {
  const COLUMNS = ['MaintenanceNotification', 'NotifProcessingPhase', 'NotifProcessingPhaseDesc', 'NotificationCompletionDate', 'LastChangeDateTime', 'MaintNotifExtReferenceNumber']
  let remote: cds.Service
  let MaintenanceNotification: string

  beforeAll(async () => {
    const declared = (cds.env.requires as Record<string, object>).API_MAINTNOTIFICATION
    remote = await cds.connect.to('API_MAINTNOTIFICATION', { ...declared, credentials: { url: `${base}${NOTIFICATIONS}`, username: 's4user', password: 's4pass' } })
    MaintenanceNotification = `${remote.name}.MaintenanceNotification`
  })

  const changedSince = (watermark: string) =>
    remote.run(
      SELECT.from(MaintenanceNotification)
        .columns(...COLUMNS)
        .where({ LastChangeDateTime: { '>=': watermark } })
        .orderBy('LastChangeDateTime')
        .limit(200),
    ) as Promise<Record<string, string>[]>

  it('finds the notifications changed at or after the watermark, oldest change first', async () => {
    const [first, second] = await created(3)
    await nextSecond()
    const completed = await act('CompleteMaintNotification', `MaintenanceNotification='${second}'`)
    const watermark = new Date(instant(completed.body.d.LastChangeDateTime)).toISOString()
    await act('SetMaintNotifToInProcess', `MaintenanceNotification='${first}'`)
    await act('CompleteMaintNotification', `MaintenanceNotification='${first}'`)

    const changed = await changedSince(watermark)
    expect(changed.map(row => [row.MaintenanceNotification, row.NotifProcessingPhase, row.NotifProcessingPhaseDesc])).toEqual([
      [second, '4', 'Completed'],
      [first, '4', 'Completed'],
    ])
    expect(Object.keys(changed[0] ?? {}).sort()).toEqual([...COLUMNS].sort())
    expect(numbers(await changedSince(new Date(Date.parse(watermark) + 1).toISOString()))).toEqual([first])

    // what CAP sent, and the stand-in understood
    const [poll] = (await state()).requests.filter((request: { method: string; query: string }) => request.method === 'GET' && request.query.includes('$orderby'))
    expect(poll.query).toBe(`$select=${COLUMNS.join(',')}&$filter=LastChangeDateTime ge datetimeoffset'${watermark}'&$orderby=LastChangeDateTime&$top=200`)
  })

  it("performs the actions as CAP's remote service calls them, bound to the notification", async () => {
    const [number] = await created(1)
    const action = (event: string, data: object = {}) => remote.send({ event, entity: MaintenanceNotification, params: [{ MaintenanceNotification: number }], data } as never)
    expect(await action('SetMaintNotifToInProcess')).toMatchObject({ MaintenanceNotification: number, NotifProcessingPhase: '3' })
    expect(await action('CompleteMaintNotification', { NotificationReferenceDate: '2026-03-01', NotificationReferenceTime: '10:30:00' })).toMatchObject({
      NotifProcessingPhase: '4',
      NotificationCompletionDate: '2026-03-01',
      CompletionTime: '10:30:00',
    })
  })

  it('reads one notification by its key', async () => {
    const [, second] = await created(2)
    await act('SetMaintNotifToInProcess', `MaintenanceNotification='${second}'`)
    const one = await remote.run(SELECT.one.from(MaintenanceNotification).where({ MaintenanceNotification: second }))
    expect(one).toMatchObject({ MaintenanceNotification: second, NotifProcessingPhase: '3', MaintNotifExtReferenceNumber: 'E2B-2' })
  })

  it.each([
    ['ordering descending and by several properties', '$orderby', 'NotifProcessingPhase desc,MaintenanceNotification asc', ['10000002', '10000001', '10000003']],
    [
      'comparing strings, nulls and dates with offsets',
      '$filter',
      "MaintenanceNotification gt '10000001' and NotificationCompletionDate eq null and LastChangeDateTime lt datetimeoffset'2999-01-01T00:00:00+01:00'",
      ['10000002', '10000003'],
    ],
    ['comparing a date with a string', '$filter', "LastChangeDateTime ge '2026-01-01'", 400],
    ['ordering by a property that is not sortable', '$orderby', 'PersonResponsibleName', 400],
    ['"or"', '$filter', "MaintenanceNotification eq '10000001' or MaintenanceNotification eq '10000002'", 501],
    ['functions in $orderby', '$orderby', 'tolower(NotificationText)', 501],
  ])('answers %s', async (_case, option, value, expected) => {
    await created(3)
    await act('SetMaintNotifToInProcess', "MaintenanceNotification='10000002'")
    const answer = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?${option}=${encodeURIComponent(value)}`)
    if (typeof expected === 'number') expect(answer.status).toBe(expected)
    else expect(numbers(answer.body.d.results)).toEqual(expected)
  })
})

describe('the control API', () => {
  it('completes, sets in process and deletes notifications as the actions do', async () => {
    const [first, second] = await created(2)
    const inProcess = await call('POST', `/$control/notifications/${first}/in-process`)
    expect(inProcess.status).toBe(200)
    expect(inProcess.body).toMatchObject({ MaintenanceNotification: first, NotifProcessingPhase: '3', NotifProcessingPhaseDesc: 'In Process' })
    const completed = await call('POST', `/$control/notifications/${first}/complete`)
    expect(completed.body).toMatchObject({ NotifProcessingPhase: '4', NotifProcessingPhaseDesc: 'Completed', NotificationCompletionDate: expect.stringMatching(/^\/Date\(\d+\)\/$/) })
    expect(instant(completed.body.LastChangeDateTime)).toBeGreaterThan(instant(inProcess.body.LastChangeDateTime))
    expect((await call('POST', `/$control/notifications/${first}/complete`)).status).toBe(400)

    const deleted = await call('POST', `/$control/notifications/${second}/delete`)
    expect(deleted.body).toMatchObject({ MaintenanceNotification: second })
    expect((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification('${second}')`)).status).toBe(404)
    expect(numbers((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification`)).body.d.results)).toEqual([first])
    expect((await call('GET', '/$control/references')).body.notifications).toEqual({ 'E2B-1': 1 })
  })

  it('answers 404 for an unknown notification, and asks for credentials', async () => {
    for (const change of ['complete', 'in-process', 'delete']) {
      const answer = await call('POST', `/$control/notifications/10000001/${change}`)
      expect(answer.status).toBe(404)
      expect(answer.body.error.code).toBe('S4MOCK/NOT_FOUND')
    }
    await created(1)
    expect((await call('POST', '/$control/notifications/10000001/complete', { auth: null })).status).toBe(401)
  })
})

describe('business events', () => {
  interface Received {
    path: string
    headers: Record<string, string | string[] | undefined>
    body: Record<string, unknown>
  }
  let broker: Server
  let brokerUrl: string
  let received: Received[]
  /** how the broker answers: a status, or never */
  let answer: number | 'hang'

  beforeAll(async () => {
    const app = express().post(/^\/TOPIC\/(.+)$/, express.json({ type: () => true }), (req, res) => {
      received.push({ path: req.path, headers: req.headers, body: req.body })
      if (answer !== 'hang') res.status(answer).end()
    })
    ;({ server: broker, url: brokerUrl } = await listen(app))
  })

  afterAll(() => stop(broker))

  beforeEach(() => {
    received = []
    answer = 200
    target = { url: `${brokerUrl}/`, ...BROKER }
  })

  const published = async () => (await call('GET', '/$control/events')).body as { topic: string; event: Record<string, unknown>; published: boolean | null; error?: string }[]

  it('publishes a lean CloudEvent per create and change to the broker over REST, in order', async () => {
    const [number] = await created(1)
    await act('SetMaintNotifToInProcess', `MaintenanceNotification='${number}'`)
    await act('CompleteMaintNotification', `MaintenanceNotification='${number}'`)
    await call('POST', `/$control/notifications/${number}/delete`)

    const operations = ['Created', 'Changed', 'Completed', 'Deleted']
    await eventually(() => expect(received).toHaveLength(4))
    expect(received.map(message => message.path)).toEqual(operations.map(operation => `/TOPIC/${TOPIC_PREFIX}/${operation}/v1`))
    for (const [i, message] of received.entries()) {
      expect(message.headers).toMatchObject({
        authorization: `Basic ${Buffer.from('publisher:secret').toString('base64')}`,
        'content-type': 'application/cloudevents+json',
        'solace-delivery-mode': 'persistent',
        'solace-message-id': message.body.id,
      })
      expect(message.body).toEqual({
        specversion: '1.0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: `sap.s4.beh.maintenancenotification.v1.MaintenanceNotification.${operations[i]}.v1`,
        source: '/default/sap.s4.beh/E2BA',
        time: expect.any(String),
        datacontenttype: 'application/json',
        data: { MaintenanceNotification: number },
      })
      expect(Math.abs(Date.parse(String(message.body.time)) - Date.now())).toBeLessThan(10_000)
    }
    expect(new Set(received.map(message => message.body.id)).size).toBe(4)

    const events = await eventually(async () => {
      const list = await published()
      expect(list.map(entry => entry.published)).toEqual([true, true, true, true])
      return list
    })
    expect(events.map(entry => entry.topic)).toEqual(operations.map(operation => `${TOPIC_PREFIX}/${operation}/v1`))
    expect(events.map(entry => entry.event)).toEqual(received.map(message => message.body))
    expect((await call('POST', '/$control/reset')).status).toBe(204)
    expect(await published()).toEqual([])
  })

  it('reach a queue of the mock broker subscribed to the notification events', async () => {
    const mockBroker = new MockBroker()
    mockBroker.provisionQueue('e2ba/notifications', { subscriptions: [`${TOPIC_PREFIX}/>`] })
    const { server, url } = await listen(express().use(mockAemRest(mockBroker, BROKER)))
    try {
      target = { url, ...BROKER }
      const [number] = await created(1)
      await call('POST', `/$control/notifications/${number}/complete`)
      await eventually(async () => expect((await published()).map(entry => entry.published)).toEqual([true, true]))
      expect(mockBroker.state().find(queue => queue.name === 'e2ba/notifications')).toMatchObject({ depth: 2 })
    } finally {
      await stop(server)
    }
  })

  it('never fail or hold up the OData request: failures are logged and listed', async () => {
    answer = 503
    const [number] = await created(1)
    await eventually(async () => expect(await published()).toEqual([expect.objectContaining({ published: false, error: 'the broker answered 503' })]))

    target = { url: 'http://127.0.0.1:1', ...BROKER }
    expect((await act('SetMaintNotifToInProcess', `MaintenanceNotification='${number}'`)).status).toBe(200)
    await eventually(async () => expect((await published())[1]).toMatchObject({ published: false, error: expect.stringContaining('fetch failed') }))

    answer = 'hang'
    target = { url: brokerUrl, ...BROKER }
    const started = Date.now()
    expect((await act('CompleteMaintNotification', `MaintenanceNotification='${number}'`)).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(1000)
    expect((await published())[2]).toMatchObject({ published: null })
    await eventually(async () => expect((await published())[2]).toMatchObject({ published: false, error: expect.stringContaining('timeout') }), 5000)
    expect((await state()).notifications[0]).toMatchObject({ NotifProcessingPhase: '4' })
  })

  it('publish nothing without a target', async () => {
    target = undefined
    await created(1)
    await call('POST', '/$control/notifications/10000001/complete')
    await sleep(100)
    expect(received).toEqual([])
    expect(await published()).toEqual([])
  })
})

describe('the notification app', () => {
  /** Runs the page's script against the stand-in with the few DOM parts it uses; answers the texts it wrote */
  async function openLink(hash: string) {
    const page = await fetch(`${base}/ui`)
    const html = await page.text()
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    const elements: Record<string, { textContent: string; hidden: boolean }> = Object.fromEntries(
      [...html.matchAll(/ id="(\w+)"/g)].map(([, id]) => [id, { textContent: '', hidden: false }]),
    )
    const context = vm.createContext({
      document: { getElementById: (id: string) => elements[id] },
      location: { hash, pathname: '/ui' },
      fetch: (path: string, init: RequestInit) => fetch(new URL(path, base), init),
      addEventListener: () => undefined,
      URLSearchParams,
      Error,
    })
    vm.runInContext(script, context)
    await eventually(() => expect(elements.message?.textContent).not.toBe('Loading…'))
    return Object.fromEntries(Object.entries(elements).map(([id, element]) => [id, element.hidden ? '(hidden)' : element.textContent]))
  }

  it('serves a page without authentication that loads nothing from elsewhere', async () => {
    const page = await fetch(`${base}/ui`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'sha256-[\w+/=]+'/)
    const html = await page.text()
    expect(html).toContain('id="status"')
    expect(html).not.toMatch(/<script[^>]+src=|innerHTML|https?:\/\//)
  })

  it('shows the notification the link names', async () => {
    const [number] = await created(1)
    await call('POST', `/$control/notifications/${number}/complete`)
    const shown = await openLink(`#MaintenanceNotification-displayFactSheet?MaintenanceNotification=${number}`)
    expect(shown).toMatchObject({ title: `Maintenance Notification ${number}`, number, text: 'Pump 1 vibrates', status: 'Completed', reference: 'E2B-1', message: '' })
    expect(shown.changed).not.toBe('')

    expect(await openLink('#MaintenanceNotification-displayFactSheet?MaintenanceNotification=10000099')).toMatchObject({
      details: '(hidden)',
      message: 'There is no maintenance notification 10000099.',
    })
    expect(await openLink('#Shell-home')).toMatchObject({ details: '(hidden)', message: 'The link names no maintenance notification.' })
  })

  it('answers the few fields it shows as JSON without authentication, refusing what is no notification number', async () => {
    const [number] = await created(1)
    const answer = await call('GET', `/ui/notifications/${number}`, { auth: null })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      MaintenanceNotification: number,
      NotificationText: 'Pump 1 vibrates',
      NotifProcessingPhase: '1',
      NotifProcessingPhaseDesc: 'Outstanding',
      MaintNotifExtReferenceNumber: 'E2B-1',
      LastChangeDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    })
    expect((await call('GET', `/ui/notifications/0000${number}`, { auth: null })).body.MaintenanceNotification).toBe(number)
    expect((await call('GET', '/ui/notifications/10000099', { auth: null })).status).toBe(404)
    for (const bad of ['abc', '1234567890123', "1'%20or%201=1"]) expect((await call('GET', `/ui/notifications/${bad}`, { auth: null })).status).toBe(400)
  })
})

describe('in the CAP server', () => {
  const server = serve()
  const client = standInClient(() => `${server.url}/mock/s4`)

  beforeEach(async () => {
    await s4.reset(server)
  })

  it('publishes to the mock broker of the server, and the helpers change notifications', async () => {
    const { body } = await client.createNotification({ NotificationText: 'Pump vibrates' })
    const number = body.d.MaintenanceNotification
    expect((await s4.inProcess(server, number)).data).toMatchObject({ NotifProcessingPhase: '3' })
    expect((await s4.complete(server, number)).data).toMatchObject({ NotifProcessingPhase: '4' })
    expect((await s4.remove(server, number)).status).toBe(200)
    expect((await s4.complete(server, number)).status).toBe(404)

    const events = await eventually(async () => {
      const list = await s4.events(server)
      expect(list.map(entry => entry.published)).toEqual([true, true, true, true])
      return list
    })
    expect(events.map(entry => entry.event.type.split('.').at(-2))).toEqual(['Created', 'Changed', 'Completed', 'Deleted'])
    expect(events.every(entry => entry.topic.startsWith(TOPIC_PREFIX) && entry.event.data.MaintenanceNotification === number)).toBe(true)
  })

  it('opens the notification app at /mock/s4/ui without credentials', async () => {
    const page = await server.GET('/mock/s4/ui', { validateStatus: () => true })
    expect(page.status).toBe(200)
    expect(page.data).toContain('Maintenance Notification')
  })
})
