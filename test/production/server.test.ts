/**
 * The built bundle (gen/srv) installed with `npm ci --omit=dev` and started with plain node in
 * the production profile: XSUAA tokens validated by @sap/xssec against a local token-key
 * endpoint, intake through the webhook, the chain's S/4 call through a destination to a local
 * S/4 stand-in. Only the database is overridden (sqlite for HANA).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import express from 'express'
import { mockS4 } from '../../mocks/src/s4/mock-s4'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { ROOT } from './bundle'
import { failedStart, startProduction, type ProductionServer } from './production-server'
import { BROKER_CLIENT_ID, startXsuaaStandIn, type TokenRequest } from './xsuaa-stand-in'

/** recognisable fake secrets in every binding: none may ever show up in a log or a stored excerpt */
const SECRETS = {
  xsuaa: 'XSUAA-SECRET-5f1c93a7',
  s4: 'S4-PASSWORD-8d2e61b4',
  aem: 'AEM-PASSWORD-3b7a90c2',
}
const S4_USER = 'E2BA_TECH_USER'
const RESULTS = path.join(ROOT, 'test-results', 'production')

let xsuaa: Awaited<ReturnType<typeof startXsuaaStandIn>>
let s4: Server
let s4Url: string
let server: ProductionServer

const app = () => process.env.E2BA_PRODUCTION_APP as string

beforeAll(async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'e2ba-production-'))
  const database = path.join(work, 'db.sqlite')
  copyFileSync(process.env.E2BA_PRODUCTION_DB as string, database)
  xsuaa = await startXsuaaStandIn(work, SECRETS.xsuaa)
  const target = express().use('/s4', mockS4({ credentials: { username: S4_USER, password: SECRETS.s4 } }))
  s4 = await new Promise<Server>(resolve => {
    const listening = target.listen(0, '127.0.0.1', () => resolve(listening))
  })
  s4Url = `http://127.0.0.1:${(s4.address() as AddressInfo).port}/s4`

  server = await startProduction(app(), {
    VCAP_SERVICES: JSON.stringify({
      xsuaa: [{ name: 'events-to-business-actions-auth', label: 'xsuaa', tags: ['xsuaa'], plan: 'application', credentials: xsuaa.credentials }],
      'user-provided': [{ name: 'aem', label: 'user-provided', tags: [], credentials: { url: 'wss://aem.invalid:443', vpn: 'e2ba', username: 'e2ba-consumer', password: SECRETS.aem } }],
    }),
    NODE_EXTRA_CA_CERTS: xsuaa.caFile,
    // the one override: sqlite instead of HANA; intake through the webhook (no broker here)
    CDS_CONFIG: JSON.stringify({ requires: { db: { kind: 'sqlite', credentials: { url: database } }, aem: { consume: false } } }),
    destinations: JSON.stringify([{ name: 'S4HANA', url: `${s4Url}/sap/opu/odata/sap`, authentication: 'BasicAuthentication', username: S4_USER, password: SECRETS.s4 }]),
  })
}, 120_000)

afterAll(async () => {
  await server.stop()
  // kept as a test artifact: what the production server logged
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(path.join(RESULTS, 'server.log'), server.log())
  s4.close()
  await xsuaa.stop()
})

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const as = (request: TokenRequest) => bearer(xsuaa.token(request))
const ADMIN = { user: 'ada.admin@example.com', scopes: ['Admin', 'Viewer'] }
const VIEWER = { user: 'vic.viewer@example.com', scopes: ['Viewer'] }
const BROKER = { clientId: BROKER_CLIENT_ID, scopes: ['Intake'] }

async function call(pathAndQuery: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.url}${pathAndQuery}`, init)
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: body as Record<string, any> }
}

const post = (pathAndQuery: string, body: unknown, headers: Record<string, string>) =>
  call(pathAndQuery, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } })

describe('the production bundle', () => {
  it('answers its readiness path once the database answers', async () => {
    expect(await call('/ready')).toMatchObject({ status: 200, body: { status: 'UP', database: 'UP', intake: 'UP' } })
  })

  it.each(['/odata/v4/admin/Rules', '/odata/v4/monitoring/Events', '/odata/v4/monitoring/$metadata'])('asks anonymous callers of %s to authenticate (401)', async url => {
    expect((await call(url)).status).toBe(401)
  })

  it('refuses the webhook without a valid token with 401, as OData does, never 500', async () => {
    const event = anomalyEvent()
    for (const headers of [{}, bearer('not-a-jwt'), bearer(xsuaa.forgedToken(BROKER)), bearer(xsuaa.token({ ...BROKER, expiresInSeconds: -60 })), { authorization: 'Basic YnJva2VyOmJyb2tlcg==' }]) {
      const res = await post('/intake/events', event, headers)
      expect({ headers, status: res.status }).toEqual({ headers, status: 401 })
    }
  })

  it('refuses a token without the needed scope with 403', async () => {
    expect((await call('/odata/v4/admin/Rules', { headers: as(VIEWER) })).status).toBe(403)
    expect((await call('/odata/v4/monitoring/Events', { headers: as({ user: 'nobody@example.com', scopes: [] }) })).status).toBe(403)
    // a user, even an admin, cannot inject events; nor can the app's own client (the key Work Zone uses)
    expect((await post('/intake/events', anomalyEvent(), as(ADMIN))).status).toBe(403)
    expect((await post('/intake/events', anomalyEvent(), as({ scopes: [] }))).status).toBe(403)
  })

  it('lets Viewer read the monitoring service and Admin the decision table', async () => {
    const events = await call('/odata/v4/monitoring/Events?$top=1', { headers: as(VIEWER) })
    expect(events).toMatchObject({ status: 200, body: { value: expect.any(Array) } })
    const rules = await call('/odata/v4/admin/Rules?$filter=IsActiveEntity eq true&$select=name', { headers: as(ADMIN) })
    expect(rules.status).toBe(200)
    expect(rules.body.value.length).toBeGreaterThan(0)
  })

  it('stores, decides and acts on an event the broker posts: the notification reaches S/4 through its destination', async () => {
    const event = anomalyEvent()
    const res = await post('/intake/events', event, as(BROKER))
    expect(res).toMatchObject({ status: 200, body: { status: 'ACCEPTED', eventId: event.id } })

    const stored = await eventually(async () => {
      const found = await call(`/odata/v4/monitoring/Events?$filter=eventId eq '${event.id}'&$expand=incident`, { headers: as(VIEWER) })
      const row = found.body.value?.[0]
      if (row?.status_code !== 'DONE') throw new Error(`event not done yet: ${JSON.stringify(row)}`)
      return row
    }, 30_000)
    expect(stored.incident.notificationNumber).toEqual(expect.any(String))

    const state = await fetch(`${s4Url}/$control/state`, { headers: { authorization: `Basic ${Buffer.from(`${S4_USER}:${SECRETS.s4}`).toString('base64')}` } })
    const { notifications } = (await state.json()) as { notifications: { MaintenanceNotification: string; TechnicalObject?: string }[] }
    expect(notifications.map(n => n.MaintenanceNotification)).toContain(stored.incident.notificationNumber)
  })

  it.each(['/mock/s4/$control/state', '/mock/aem/queues', '/mock/ai/v2/lm/deployments', '/mock/webhook/$received', '/launchpad/index.html', '/monitor/index.html', '/$fiori-preview/appconfig/fioriSandboxConfig.json', '/'])('serves no stand-in or local launchpad: %s is 404', async url => {
    expect((await call(url, { headers: as(ADMIN) })).status).toBe(404)
  })

  it('keeps every secret of its bindings out of its log and its stored step logs', async () => {
    const runs = await call('/odata/v4/monitoring/ActionRuns?$expand=items', { headers: as(ADMIN) })
    expect(runs.status).toBe(200)
    expect(runs.body.value.length).toBeGreaterThan(0)
    const stored = JSON.stringify(runs.body)
    const log = server.log()
    expect(log.length).toBeGreaterThan(0)
    for (const secret of Object.values(SECRETS)) {
      expect(log).not.toContain(secret)
      expect(stored).not.toContain(secret)
    }
  })
})

describe('a start with missing bindings', () => {
  const errorLines = (log: string) => log.split('\n').filter(line => line.includes('"level":"error"'))

  it('stops with one line per missing binding, naming it and what to create; never a TypeError', async () => {
    const { code, log } = await failedStart(app(), {})
    expect(code).toBe(1)
    expect(log).not.toMatch(/TypeError|\n\s+at /)
    const lines = errorLines(log)
    expect(lines).toHaveLength(4)
    for (const [binding, create] of [
      ['db', 'HDI container'],
      ['auth', 'XSUAA instance'],
      ['aem', 'user-provided service "aem"'],
      ['destinations', 'Destination service instance'],
    ] as const) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`missing binding '${binding}': create and bind .*${create.replace(/"/g, '\\\\"')}`)))
    }
  })

  it('names only the broker when only the broker is missing', async () => {
    const { code, log } = await failedStart(app(), {
      VCAP_SERVICES: JSON.stringify({ xsuaa: [{ name: 'events-to-business-actions-auth', label: 'xsuaa', tags: ['xsuaa'], credentials: xsuaa.credentials }] }),
      CDS_CONFIG: JSON.stringify({ requires: { db: { kind: 'sqlite', credentials: { url: ':memory:' } } } }),
      destinations: '[]',
    })
    expect(code).toBe(1)
    expect(errorLines(log)).toEqual([expect.stringContaining("missing binding 'aem'")])
  })
})

describe('the bundle content', () => {
  const pkg = () => JSON.parse(readFileSync(path.join(app(), 'package.json'), 'utf8'))

  it('starts with cds-serve and depends on runtime packages only', () => {
    expect(pkg().scripts).toEqual({ start: 'cds-serve' })
    expect(pkg().devDependencies).toBeUndefined()
    expect(Object.keys(pkg().dependencies)).toEqual(expect.arrayContaining(['@sap/cds', '@cap-js/hana', '@sap/xssec']))
  })

  it('holds runtime files only: compiled handlers, the model, texts, cds-typer runtime files; no TypeScript, tests, scripts, EDMX or stand-ins', () => {
    const files = readdirSync(app(), { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry => path.relative(app(), path.join(entry.parentPath, entry.name)))
      .filter(file => !file.startsWith(`node_modules${path.sep}`))
    const RUNTIME = [/^package(-lock)?\.json$/, /^srv\/.+\.js$/, /^srv\/csn\.json$/, /^(srv\/)?_i18n\/[\w-]+\.(properties|json)$/, /^srv\/odata\/v4\/\w+Service\.xml$/, /^@cds-models\/(.+\/)?index\.js$/]
    expect(files.filter(file => !RUNTIME.some(pattern => pattern.test(file)))).toEqual([])
    expect(files).toEqual(expect.arrayContaining(['srv/server.js', 'srv/csn.json', '@cds-models/e2ba/index.js', '@cds-models/MonitoringService/index.js', '@cds-models/API_MAINTNOTIFICATION/index.js']))
    // the S/4 APIs imported to srv/external, which the executors call as remote services
    const { definitions } = JSON.parse(readFileSync(path.join(app(), 'srv', 'csn.json'), 'utf8')) as { definitions: Record<string, unknown> }
    expect(Object.keys(definitions)).toEqual(expect.arrayContaining(['API_MAINTNOTIFICATION.MaintenanceNotification', 'API_PURCHASEREQ_PROCESS_SRV.A_PurchaseRequisitionHeader']))
    // cds-typer's runtime files, not tsc's empty modules of its declarations
    expect(readFileSync(path.join(app(), '@cds-models', 'MonitoringService', 'index.js'), 'utf8')).toContain('createEntityProxy')
    const handlers = files.filter(file => file.endsWith('.js')).map(file => readFileSync(path.join(app(), file), 'utf8'))
    expect(handlers.filter(code => /require\(["'][^"']*mocks/.test(code))).toEqual([])
  })

  it('has no development profile: no mocked users, no mock broker', () => {
    const config = JSON.stringify(pkg().cds)
    expect(config).not.toMatch(/\[development\]|mocked|mock-aem/)
  })
})
