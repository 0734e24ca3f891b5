import { executeHttpRequest } from '@sap-cloud-sdk/http-client'
import express from 'express'
import type { Server } from 'node:http'
import { mockS4 } from '../../mocks/src/s4/mock-s4'
import { AUTH, basic, listen, NOTIFICATIONS, REQUISITIONS, standInClient, stop } from '../helpers/s4-stand-in'

let server: Server
let base: string
const { call, fetchToken, create, createNotification, configure, state } = standInClient(() => base)

beforeAll(async () => {
  const app = express()
  app.use(mockS4())
  ;({ server, url: base } = await listen(app))
})

afterAll(() => stop(server))

beforeEach(async () => {
  expect((await call('POST', '/$control/reset')).status).toBe(204)
})

describe('authentication', () => {
  test('refuses requests without or with wrong basic credentials', async () => {
    const anonymous = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification`, { auth: null })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
    expect(anonymous.body.error.message).toEqual({ lang: 'en', value: expect.stringContaining('basic authentication') })

    expect((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification`, { auth: basic('s4user', 'wrong') })).status).toBe(401)
    expect((await call('GET', '/$control/state', { auth: null })).status).toBe(401)
    expect((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification`)).body.d.results).toEqual([])
  })

  test('takes other credentials from the options', async () => {
    const app = express()
    app.use(mockS4({ credentials: { username: 'alice', password: 'secret' } }))
    const other = await listen(app)
    try {
      const headers = (auth: string) => ({ headers: { authorization: auth } })
      expect((await fetch(`${other.url}${NOTIFICATIONS}/MaintenanceNotification`, headers(AUTH))).status).toBe(401)
      const answer = await fetch(`${other.url}${NOTIFICATIONS}/MaintenanceNotification`, headers(basic('alice', 'secret')))
      expect(await answer.json()).toEqual({ d: { results: [] } })
    } finally {
      await stop(other.server)
    }
  })
})

describe('CSRF protection', () => {
  test('HEAD and GET with X-CSRF-Token: Fetch return a token and the matching cookie', async () => {
    const { answer, token, cookie } = await fetchToken()
    expect(answer.status).toBe(200)
    expect(token).toMatch(/^[\w-]{20,}$/)
    expect(cookie).toBe(`sap-XSRF_MCK_100=${token}`)

    const get = await call('GET', `${NOTIFICATIONS}/?$format=json`, { headers: { 'x-csrf-token': 'fetch' } })
    expect(get.headers.get('x-csrf-token')).toMatch(/^[\w-]{20,}$/)
    expect(get.body.d.EntitySets).toContain('MaintenanceNotification')
  })

  test('refuses a create without a token', async () => {
    const answer = await call('POST', `${NOTIFICATIONS}/MaintenanceNotification`, { body: { NotificationText: 'Pump vibrates' } })
    expect(answer.status).toBe(403)
    expect(answer.headers.get('x-csrf-token')).toBe('Required')
    expect(answer.body.error.message.value).toBe('CSRF token validation failed')
    expect((await state()).notifications).toEqual([])
  })

  test('refuses a create with the token but without the cookie, or with a forged token', async () => {
    const { token, cookie } = await fetchToken()
    const path = `${NOTIFICATIONS}/MaintenanceNotification`
    const withoutCookie = await call('POST', path, { body: { NotificationText: 'Pump vibrates' }, headers: { 'x-csrf-token': token } })
    expect(withoutCookie.status).toBe(403)
    expect(withoutCookie.headers.get('x-csrf-token')).toBe('Required')

    const forged = 'A'.repeat(token.length)
    const mismatch = await call('POST', path, { body: { NotificationText: 'x' }, headers: { 'x-csrf-token': forged, cookie } })
    expect(mismatch.status).toBe(403)
    const bothForged = await call('POST', path, { body: { NotificationText: 'x' }, headers: { 'x-csrf-token': forged, cookie: `sap-XSRF_MCK_100=${forged}` } })
    expect(bothForged.status).toBe(403)

    const { notifications, requests } = await state()
    expect(notifications).toEqual([])
    expect(requests.filter((request: any) => request.method === 'POST').map((request: any) => [request.csrfTokenSent, request.cookieSent, request.status])).toEqual([
      [true, false, 403],
      [true, true, 403],
      [true, true, 403],
    ])
  })
})

describe('maintenance notifications', () => {
  test('creates with a server-assigned number and server fields, and reads them back', async () => {
    const before = Date.now()
    const first = await createNotification({
      NotificationText: 'Pump P-100 vibrates',
      MaintNotifExtReferenceNumber: 'EXT-1',
      TechnicalObject: '10000045',
      TechObjIsEquipOrFuncnlLoc: 'EAMS_EQUI',
      MaintPriority: '2',
      MalfunctionStartDate: '/Date(1735689600000)/',
      MalfunctionStartTime: 'PT8H5M0S',
      MaintenanceObjectIsDown: true,
    })
    expect(first.status).toBe(201)
    const uri = `${base}${NOTIFICATIONS}/MaintenanceNotification('10000001')`
    expect(first.headers.get('location')).toBe(uri)
    expect(first.body.d).toMatchObject({
      __metadata: { uri, type: 'API_MAINTNOTIFICATION.MaintenanceNotification' },
      MaintenanceNotification: '10000001',
      NotificationText: 'Pump P-100 vibrates',
      MalfunctionStartDate: '/Date(1735689600000)/',
      MalfunctionStartTime: 'PT08H05M00S',
      MaintenanceObjectIsDown: true,
      NotifProcessingPhase: '1',
      ReportedByUser: 'S4USER',
      TechnicalObjectLabel: '',
      MalfunctionEndDate: null,
      to_Item: { __deferred: { uri: `${uri}/to_Item` } },
    })
    const created = Number(/\/Date\((\d+)\)\//.exec(first.body.d.NotificationCreationDate)?.[1])
    expect(created).toBe(new Date(before).setUTCHours(0, 0, 0, 0))

    const second = await createNotification({ NotificationText: 'Second one', MalfunctionStartDate: '2025-03-01T10:00:00' })
    expect(second.body.d.MaintenanceNotification).toBe('10000002')
    expect(second.body.d.MalfunctionStartDate).toBe(`/Date(${Date.UTC(2025, 2, 1, 10)})/`)

    const read = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification('10000001')?$format=json`)
    expect(read.status).toBe(200)
    expect(read.body.d).toEqual(first.body.d)
    const missing = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification('99999999')`)
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('S4MOCK/NOT_FOUND')
    expect((await state()).notifications.map((notification: any) => notification.MaintenanceNotification)).toEqual(['10000001', '10000002'])
  })

  test('finds notifications by $filter on the external reference, honouring $top and $select', async () => {
    for (const reference of ['EXT-1', 'EXT-2', 'EXT-2']) await createNotification({ NotificationText: `for ${reference}`, MaintNotifExtReferenceNumber: reference })
    const query = `$filter=${encodeURIComponent("MaintNotifExtReferenceNumber eq 'EXT-2'")}&$top=1&$format=json`
    const found = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?${query}`)
    expect(found.status).toBe(200)
    expect(found.body.d.results.map((notification: any) => notification.MaintenanceNotification)).toEqual(['10000002'])

    const selected = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?$filter=MaintNotifExtReferenceNumber eq 'EXT-2'&$select=MaintenanceNotification&$inlinecount=allpages`)
    expect(selected.body.d.__count).toBe('2')
    expect(selected.body.d.results.map((notification: any) => Object.keys(notification).sort())).toEqual([
      ['MaintenanceNotification', '__metadata'],
      ['MaintenanceNotification', '__metadata'],
    ])

    const none = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?$filter=MaintNotifExtReferenceNumber eq 'EXT-3'`)
    expect(none.body.d.results).toEqual([])
    const unknown = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?$filter=Nope eq 'x'`)
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message.value).toContain("'Nope'")
    expect((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?$orderby=tolower(NotificationText)`)).status).toBe(501)
  })

  test.each([
    ['a NotificationText longer than 40', { NotificationText: 'x'.repeat(41) }, 'S4MOCK/MAX_LENGTH', ["'NotificationText'", 'maximum length of 40']],
    ['a too long external reference', { NotificationText: 'ok', MaintNotifExtReferenceNumber: 'r'.repeat(21) }, 'S4MOCK/MAX_LENGTH', ["'MaintNotifExtReferenceNumber'", '20']],
    ['read-only properties', { NotificationText: 'ok', TechnicalObjectLabel: 'Pump', FunctionalLocation: 'FL-1' }, 'S4MOCK/READ_ONLY_PROPERTY', ["'TechnicalObjectLabel'", "'FunctionalLocation'"]],
    ['the server-assigned number', { NotificationText: 'ok', MaintenanceNotification: '4711' }, 'S4MOCK/SERVER_KEY', ["'MaintenanceNotification'"]],
    ['an unknown property', { NotificationText: 'ok', Colour: 'red' }, 'S4MOCK/UNKNOWN_PROPERTY', ["'Colour'"]],
    ['no NotificationText', { MaintPriority: '1' }, 'S4MOCK/REQUIRED', ["'NotificationText' is required"]],
    ['a number for a string', { NotificationText: 42 }, 'S4MOCK/INVALID_VALUE', ["'NotificationText'", 'Edm.String']],
    ['a wrong date', { NotificationText: 'ok', MalfunctionStartDate: '01.03.2025' }, 'S4MOCK/INVALID_VALUE', ["'MalfunctionStartDate'", 'Edm.DateTime']],
    ['a wrong time', { NotificationText: 'ok', MalfunctionStartTime: '10:30' }, 'S4MOCK/INVALID_VALUE', ["'MalfunctionStartTime'", 'Edm.Time']],
    ['a string for a boolean', { NotificationText: 'ok', MaintenanceObjectIsDown: 'X' }, 'S4MOCK/INVALID_VALUE', ["'MaintenanceObjectIsDown'", 'Edm.Boolean']],
    ['a string for a double', { NotificationText: 'ok', MaintObjectDowntimeDuration: 'long' }, 'S4MOCK/INVALID_VALUE', ["'MaintObjectDowntimeDuration'"]],
  ])('refuses %s with 400 naming the problem', async (_case, body, code, parts) => {
    const answer = await createNotification(body)
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe(code)
    for (const part of parts) expect(answer.body.error.message.value).toContain(part)
    expect(answer.body.error.innererror.errordetails.length).toBeGreaterThan(0)
    expect((await state()).notifications).toEqual([])
  })

  test('answers malformed JSON and non-JSON bodies with OData errors', async () => {
    const { token, cookie } = await fetchToken()
    const headers = { 'x-csrf-token': token, cookie, authorization: AUTH }
    const malformed = await fetch(`${base}${NOTIFICATIONS}/MaintenanceNotification`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"NotificationText":' })
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error.message.value).toContain('no valid JSON')
    const xml = await fetch(`${base}${NOTIFICATIONS}/MaintenanceNotification`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body: '<entry/>' })
    expect(xml.status).toBe(415)
  })

  test('serves $metadata compiled from the imported model (srv/external)', async () => {
    const metadata = await call('GET', `${NOTIFICATIONS}/$metadata`)
    expect(metadata.status).toBe(200)
    expect(metadata.headers.get('content-type')).toContain('application/xml')
    expect(metadata.body).toContain('<EntityType Name="MaintenanceNotification"')
    const document = await call('GET', `${REQUISITIONS}/`, { headers: { accept: 'application/json' } })
    expect(document.body.d.EntitySets).toEqual(expect.arrayContaining(['A_PurchaseRequisitionHeader', 'A_PurchaseRequisitionItem']))
    expect((await call('GET', '/sap/opu/odata/sap/API_NOPE/')).status).toBe(404)
  })
})

describe('purchase requisitions', () => {
  const item = (number: string, extra: object = {}) => ({
    PurchaseRequisitionItem: number,
    PurchaseRequisitionItemText: `Bearing ${number}`,
    Material: 'BRG-6205',
    RequestedQuantity: '2',
    BaseUnit: 'EA',
    Plant: '1010',
    DeliveryDate: '2025-04-01T00:00:00',
    ...extra,
  })
  const requisition = (description: string, items: object[]) => ({
    PurchaseRequisitionType: 'NB',
    PurReqnDescription: description,
    to_PurchaseReqnItem: { results: items },
  })

  test('creates a requisition with its items by deep insert and reads it with and without $expand', async () => {
    const answer = await create(`${REQUISITIONS}/A_PurchaseRequisitionHeader`, requisition('anomaly 42', [item('10'), item('20', { RequestedQuantity: 1.5, PurchaseRequisitionPrice: '12.34' })]))
    expect(answer.status).toBe(201)
    const header = `${base}${REQUISITIONS}/A_PurchaseRequisitionHeader('0010000001')`
    expect(answer.headers.get('location')).toBe(header)
    expect(answer.body.d).toMatchObject({ PurchaseRequisition: '0010000001', PurReqnDescription: 'anomaly 42', __metadata: { type: 'API_PURCHASEREQ_PROCESS_SRV.A_PurchaseRequisitionHeader' } })
    const items = answer.body.d.to_PurchaseReqnItem.results
    expect(items.map((entry: any) => [entry.PurchaseRequisition, entry.PurchaseRequisitionItem, entry.RequestedQuantity, entry.CreatedByUser])).toEqual([
      ['0010000001', '10', '2.000', 'S4USER'],
      ['0010000001', '20', '1.500', 'S4USER'],
    ])
    expect(items[1].PurchaseRequisitionPrice).toBe('12.340')
    expect(items[0].__metadata.uri).toBe(`${base}${REQUISITIONS}/A_PurchaseRequisitionItem(PurchaseRequisition='0010000001',PurchaseRequisitionItem='10')`)

    const expanded = await call('GET', `${REQUISITIONS}/A_PurchaseRequisitionHeader('0010000001')?$expand=to_PurchaseReqnItem`)
    expect(expanded.body.d.to_PurchaseReqnItem.results.map((entry: any) => entry.Material)).toEqual(['BRG-6205', 'BRG-6205'])
    const plain = await call('GET', `${REQUISITIONS}/A_PurchaseRequisitionHeader('0010000001')`)
    expect(plain.body.d.to_PurchaseReqnItem).toEqual({ __deferred: { uri: `${header}/to_PurchaseReqnItem` } })
    const navigation = await call('GET', `${REQUISITIONS}/A_PurchaseRequisitionHeader('0010000001')/to_PurchaseReqnItem`)
    expect(navigation.body.d.results.map((entry: any) => entry.PurchaseRequisitionItem)).toEqual(['10', '20'])
    const single = await call('GET', `${REQUISITIONS}/A_PurchaseRequisitionItem(PurchaseRequisition='0010000001',PurchaseRequisitionItem='20')`)
    expect(single.body.d.PurchaseRequisitionItemText).toBe('Bearing 20')

    const found = await call('GET', `${REQUISITIONS}/A_PurchaseRequisitionHeader?$filter=PurReqnDescription eq 'anomaly 42'&$top=1`)
    expect(found.body.d.results.map((entry: any) => entry.PurchaseRequisition)).toEqual(['0010000001'])
    const [stored] = (await state()).purchaseRequisitions
    expect(stored.to_PurchaseReqnItem.results.map((entry: any) => [entry.PurchaseRequisitionItem, entry.RequestedQuantity])).toEqual([
      ['10', '2.000'],
      ['20', '1.500'],
    ])
  })

  test.each([
    ['no items', requisition('x', []), ["'to_PurchaseReqnItem' needs at least 1 entry"]],
    ['a read-only item property', requisition('x', [item('10', { CreatedByUser: 'ME' })]), ["'to_PurchaseReqnItem[0]/CreatedByUser'", 'read-only']],
    ['too many decimal places', requisition('x', [item('10', { RequestedQuantity: '1.2345' })]), ["'to_PurchaseReqnItem[0]/RequestedQuantity'", '3 decimal places']],
    ['a duplicate item number', requisition('x', [item('10'), item('10')]), ['PurchaseRequisitionItem="10" twice']],
    ['a too long description', requisition('d'.repeat(41), [item('10')]), ["'PurReqnDescription'", 'maximum length of 40']],
  ])('refuses %s', async (_case, body, parts) => {
    const answer = await create(`${REQUISITIONS}/A_PurchaseRequisitionHeader`, body)
    expect(answer.status).toBe(400)
    for (const part of parts) expect(answer.body.error.message.value).toContain(part)
    expect((await state()).purchaseRequisitions).toEqual([])
  })
})

describe('control API', () => {
  test('failNext fails the next modifying requests without storing, reads stay untouched', async () => {
    expect((await configure({ failNext: 2, status: 503 })).body).toMatchObject({ failNext: 2, status: 503 })
    for (let i = 0; i < 2; i++) {
      const failed = await createNotification({ NotificationText: `attempt ${i}` })
      expect(failed.status).toBe(503)
      expect(failed.body.error.code).toBe('S4MOCK/INJECTED_FAILURE')
      expect((await call('GET', `${NOTIFICATIONS}/MaintenanceNotification`)).status).toBe(200)
    }
    const third = await createNotification({ NotificationText: 'attempt 2' })
    expect(third.status).toBe(201)
    expect(third.body.d.MaintenanceNotification).toBe('10000001')
    expect((await state()).notifications.map((notification: any) => notification.NotificationText)).toEqual(['attempt 2'])
  })

  test('latencyMs delays every answer', async () => {
    await configure({ latencyMs: 300 })
    const started = performance.now()
    const answer = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification`)
    expect(answer.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect((await state()).faults.latencyMs).toBe(300)
  })

  test('loseResponseNext stores the entity but drops the answer, so a retry finds it by $filter', async () => {
    await configure({ loseResponseNext: 1 })
    await expect(createNotification({ NotificationText: 'lost answer', MaintNotifExtReferenceNumber: 'EVT-7' })).rejects.toThrow()

    const { notifications, requests } = await state()
    expect(notifications.map((notification: any) => notification.MaintenanceNotification)).toEqual(['10000001'])
    expect(requests.find((request: any) => request.method === 'POST')).toMatchObject({ status: null, csrfTokenSent: true, cookieSent: true })
    const lookup = await call('GET', `${NOTIFICATIONS}/MaintenanceNotification?$filter=MaintNotifExtReferenceNumber eq 'EVT-7'&$top=1`)
    expect(lookup.body.d.results.map((notification: any) => notification.NotificationText)).toEqual(['lost answer'])
    expect((await createNotification({ NotificationText: 'answered' })).body.d.MaintenanceNotification).toBe('10000002')
  })

  test('refuses unknown or invalid settings, and reset forgets data, faults and requests', async () => {
    expect((await configure({ failNext: -1 })).status).toBe(400)
    expect((await configure({ explode: true })).body.error.message.value).toContain("'explode'")
    await configure({ failNext: 5 })
    await createNotification({ NotificationText: 'fails' })
    await call('POST', '/$control/reset')
    const after = await state()
    expect(after).toMatchObject({ notifications: [], purchaseRequisitions: [], requests: [], faults: { failNext: 0, latencyMs: 0, loseResponseNext: 0 } })
  })
})

describe('with the SAP Cloud SDK', () => {
  test('executeHttpRequest fetches the CSRF token and creates a notification', async () => {
    const destination = { url: `${base}/sap/opu/odata/sap`, authentication: 'BasicAuthentication' as const, username: 's4user', password: 's4pass' }
    const response = await executeHttpRequest(
      destination,
      { method: 'post', url: '/API_MAINTNOTIFICATION/MaintenanceNotification', data: { NotificationText: 'From the Cloud SDK', MaintNotifExtReferenceNumber: 'SDK-1' } },
      { fetchCsrfToken: true },
    )
    expect(response.status).toBe(201)
    expect(response.data.d.MaintenanceNotification).toBe('10000001')
    expect(response.headers.location).toMatch(/MaintenanceNotification\('10000001'\)$/)

    const { notifications, requests } = await state()
    expect(notifications.map((notification: any) => notification.MaintNotifExtReferenceNumber)).toEqual(['SDK-1'])
    expect(requests[0]).toMatchObject({ method: 'HEAD', path: `${NOTIFICATIONS}/MaintenanceNotification/`, status: 200 })
    expect(requests.at(-1)).toMatchObject({ method: 'POST', path: `${NOTIFICATIONS}/MaintenanceNotification`, csrfTokenSent: true, cookieSent: true, status: 201 })
  })

  test('works below the mount point /mock/s4', async () => {
    const app = express()
    app.use('/mock/s4', mockS4())
    const mounted = await listen(app)
    try {
      const destination = { url: `${mounted.url}/mock/s4/sap/opu/odata/sap`, authentication: 'BasicAuthentication' as const, username: 's4user', password: 's4pass' }
      const body = requisitionBody()
      const response = await executeHttpRequest(destination, { method: 'post', url: '/API_PURCHASEREQ_PROCESS_SRV/A_PurchaseRequisitionHeader', data: body })
      expect(response.status).toBe(201)
      expect(response.data.d.__metadata.uri).toBe(`${mounted.url}/mock/s4${REQUISITIONS}/A_PurchaseRequisitionHeader('0010000001')`)
    } finally {
      await stop(mounted.server)
    }
  })
})

function requisitionBody() {
  return {
    PurchaseRequisitionType: 'NB',
    PurReqnDescription: 'via the SDK',
    to_PurchaseReqnItem: { results: [{ PurchaseRequisitionItem: '10', Material: 'BRG-6205', RequestedQuantity: '1', Plant: '1010' }] },
  }
}
