/**
 * Who may call what, for every endpoint the running server has: each entity, action and
 * function of every service in the compiled model, and every route mounted outside OData,
 * probed as anonymous, Viewer, Admin and the broker (Intake). The rules below are the
 * matrix; an endpoint the server has and the matrix lacks fails the test, so a new one cannot
 * go unnoticed.
 */
import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { as, serve, type User } from './helpers/server'

const server = serve()
const USERS: User[] = ['anonymous', 'viewer', 'admin', 'broker']

/** Who reads an entity, and who writes it ('readonly': nobody, 405) */
interface EntityRule {
  read: User[]
  write: User[] | 'readonly'
  /** what CAP answers a user of the service who calls it directly, for entities reachable only another way */
  direct?: { user: User; read: number; write: number }
}
const ADMIN_ONLY: EntityRule = { read: ['admin'], write: ['admin'] }
const ADMIN_READS: EntityRule = { read: ['admin'], write: 'readonly' }
const MONITOR_READS: EntityRule = { read: ['viewer', 'admin'], write: 'readonly' }
/** CAP's draft bookkeeping: read through a draft's $expand only, never directly */
const DRAFT_BOOKKEEPING: EntityRule = { read: [], write: 'readonly', direct: { user: 'admin', read: 400, write: 403 } }


const ENTITY_RULES: Record<string, EntityRule> = {
  ...Object.fromEntries(['Rules', 'Chains', 'ChainSteps', 'Actions', 'Assets'].map(e => [`AdminService.${e}`, ADMIN_ONLY])),
  'AdminService.DraftAdministrativeData': DRAFT_BOOKKEEPING,
  ...Object.fromEntries(
    [
      'Destinations',
      'SampleEvents',
      // code lists
      'Measurements', 'AnomalyTypes', 'Severities', 'RuleOutcomes', 'ChainPhases', 'ActionKinds', 'HttpMethods', 'NotificationTypes', 'MaintPriorities', 'TechnicalObjectTypes', 'AssetKinds', 'EventStatuses',
    ].map(e => [`AdminService.${e}`, ADMIN_READS]),
  ),
  ...Object.fromEntries(
    [
      'Events',
      'Rules',
      'Incidents',
      'ActionRuns',
      'Chains',
      'Actions',
      'LogItems',
      'DestinationBreakers',
      'NotificationEvents',
      'IncidentSamples',
      'NotificationStatuses',
      'Kpis',
      // code lists
      'BreakerStates', 'Channels', 'Measurements', 'AnomalyTypes', 'Severities', 'EventStatuses', 'IncidentStatuses', 'ChainPhases', 'ActionKinds', 'RunStatuses', 'LogLevels',
    ].map(e => [`MonitoringService.${e}`, MONITOR_READS]),
  ),
}

/** Who may call an operation (unbound, or bound as Entity/operation) */
const OPERATION_RULES: Record<string, User[]> = {
  'AdminService.dryRun': ['admin'],
  ...Object.fromEntries(['Rules', 'Chains', 'Actions', 'Assets'].flatMap(e => ['draftPrepare', 'draftActivate', 'draftEdit'].map(a => [`AdminService.${e}/${a}`, ['admin']]))),
  'AdminService.ChainSteps/draftPrepare': ['admin'],
  'MonitoringService.Events/reprocess': ['admin'],
}

/** Services that no protocol serves: nobody reaches them from outside */
const UNSERVED = ['ProcessingService']

/** A request that stands for a route, and the status each user gets */
interface RouteRule {
  probe: { method: 'GET' | 'POST'; path: string; body?: unknown }
  expect: Record<User, number>
  why: string
}
const everyone = (status: number) => Object.fromEntries(USERS.map(u => [u, status])) as Record<User, number>

/**
 * Every route outside the OData services, by how the app mounts it (`<method> <path>`, `use`
 * for routers and middleware). `middleware` marks layers that pass requests on and answer
 * none themselves.
 */
const ROUTE_RULES: Record<string, RouteRule | { middleware: string }> = {
  'get /ready': { probe: { method: 'GET', path: '/ready' }, expect: everyone(200), why: 'readiness for the platform health check: public, says UP or DOWN only' },
  'get /health': { probe: { method: 'GET', path: '/health' }, expect: everyone(200), why: "CAP's liveness path: public" },
  'use /intake': {
    probe: { method: 'POST', path: '/intake/events', body: { not: 'an event' } },
    expect: { anonymous: 401, viewer: 403, admin: 403, broker: 400 },
    why: 'the webhook: the Intake scope only (the broker); invalid input is rejected with its reason',
  },
  'use / appRelativeServices': { middleware: 'routes app-relative OData URLs of the local apps to the services' },
  'use / cds_cors': { middleware: "CAP's CORS handling" },
  'use / serveStatic': { middleware: 'static files of app/ (development only; the bundle has no app/)' },
  'use /favicon.ico serveStatic': { middleware: "CAP's favicon (development only)" },
  'get /': { probe: { method: 'GET', path: '/' }, expect: everyone(200), why: "CAP's index page (development only, see the production test)" },
  'use /$fiori-preview': {
    probe: { method: 'GET', path: '/$fiori-preview/appconfig/fioriSandboxConfig.json' },
    expect: everyone(200),
    why: "CAP's Fiori preview (development only): static shell; its data comes from the OData services and their rules",
  },
  // the stand-ins: development and tests only (the production test shows them absent), each with the real system's own authentication
  'use /mock/aem': { probe: { method: 'GET', path: '/mock/aem/queues' }, expect: everyone(401), why: "the mock broker's REST interface: the publisher's credentials only" },
  'use /mock/s4': { probe: { method: 'GET', path: '/mock/s4/$control/state' }, expect: everyone(401), why: "the S/4 stand-in: its technical user's credentials only" },
  'use /mock/bpa': {
    probe: { method: 'POST', path: '/mock/bpa/public/rule/runtime/rest/v2/rule-services', body: {} },
    expect: everyone(401),
    why: "the BPA stand-in: its client's credentials only",
  },
  'use /mock/ai': { probe: { method: 'GET', path: '/mock/ai/v2/lm/deployments' }, expect: everyone(401), why: 'the AI Core stand-in: a bearer token from its token endpoint only' },
  'post /oauth/token': { probe: { method: 'POST', path: '/oauth/token', body: {} }, expect: everyone(400), why: "the AI Core stand-in's token endpoint: client credentials grant only" },
  'use /mock/webhook': { probe: { method: 'GET', path: '/mock/webhook/$received' }, expect: everyone(200), why: 'the webhook stand-in: receives anything, like the endpoints it stands for' },
}

interface Layer {
  rawPath?: unknown
  name: string
  route?: { path: string; methods: Record<string, boolean> }
}

/** The app's top-level routes and mounts, as `<method> <path>` (routers and middleware: `use <path> [name]`) */
function mountedRoutes(): string[] {
  const stack = (cds.app as unknown as { router: { stack: Layer[] } }).router.stack
  const routes = new Set<string>()
  for (const layer of stack) {
    const raw = [layer.rawPath].flat().map(p => String(p).replace(/\\/g, ''))
    if (raw.some(p => p.startsWith('/odata/v4/') || /^\/[\w-]+\/[\w-]+\/odata\/v4\//.test(p))) continue // the services: see the model
    const at = raw.join(',')
    if (layer.route) for (const method of Object.keys(layer.route.methods)) routes.add(`${method} ${at}`)
    else routes.add(['/', '/favicon.ico'].includes(at) ? `use ${at} ${layer.name}` : `use ${at}`)
  }
  return [...routes].sort()
}

const servicePath = (service: cds.Service) => `/odata/v4/${(service as unknown as { path: string }).path.replace(/^\/(odata\/v4\/)?/, '')}`
const served = () => Object.values(cds.services).filter(s => s instanceof cds.ApplicationService && !UNSERVED.includes(s.name)) as cds.ApplicationService[]
const entitySet = (service: cds.Service, entity: string) => entity.slice(service.name.length + 1).replace(/\./g, '_')

function modelEntities() {
  return served().flatMap(service => [...service.entities].map(e => ({ service, name: e.name })))
}

function modelOperations() {
  return served().flatMap(service => [
    ...[...service.actions].map(a => ({ service, name: a.name, bound: undefined as string | undefined, short: a.name.slice(service.name.length + 1) })),
    ...[...service.entities].flatMap(e => Object.keys((e.actions as Record<string, unknown> | undefined) ?? {}).map(a => ({ service, name: `${e.name}/${a}`, bound: e.name, short: a }))),
  ])
}

describe('the role matrix covers every endpoint', () => {
  it('has a rule for every entity of every served service, and no rule for one that is gone', () => {
    const names = modelEntities().map(e => e.name)
    expect(names.filter(n => !(n in ENTITY_RULES))).toEqual([])
    expect(Object.keys(ENTITY_RULES).filter(n => !names.includes(n))).toEqual([])
  })

  it('has a rule for every action and function, bound or not', () => {
    const names = modelOperations().map(o => o.name)
    expect(names.filter(n => !(n in OPERATION_RULES))).toEqual([])
    expect(Object.keys(OPERATION_RULES).filter(n => !names.includes(n))).toEqual([])
  })

  it('has a rule for every route the server mounts outside OData, and none for a route that is gone', () => {
    const routes = mountedRoutes()
    expect(routes.filter(r => !(r in ROUTE_RULES))).toEqual([])
    expect(Object.keys(ROUTE_RULES).filter(r => !routes.includes(r))).toEqual([])
  })
})

describe('entities', () => {
  const cases = () => Object.entries(ENTITY_RULES)

  it.each(USERS)('%s reads exactly the entities the matrix grants (others: 401 anonymous, 403 signed in)', async user => {
    const outcomes: Record<string, number> = {}
    const expected: Record<string, number> = {}
    for (const [name, rule] of cases()) {
      const service = served().find(s => name.startsWith(`${s.name}.`)) as cds.Service
      const res = await server.GET(`${servicePath(service)}/${entitySet(service, name)}?$top=1`, as(user))
      outcomes[name] = res.status
      expected[name] = user === 'anonymous' ? 401 : rule.direct?.user === user ? rule.direct.read : rule.read.includes(user) ? 200 : 403
    }
    expect(outcomes).toEqual(expected)
  })

  it.each(USERS)('%s writes exactly the entities the matrix grants (readonly: 405 for readers)', async user => {
    const outcomes: Record<string, string> = {}
    const expected: Record<string, string> = {}
    for (const [name, rule] of cases()) {
      const service = served().find(s => name.startsWith(`${s.name}.`)) as cds.Service
      const res = await server.POST(`${servicePath(service)}/${entitySet(service, name)}`, {}, as(user))
      const denied = user === 'anonymous' ? 401 : rule.direct?.user === user ? rule.direct.write : !rule.read.includes(user) ? 403 : rule.write === 'readonly' ? 405 : rule.write.includes(user) ? undefined : 403
      // allowed: whatever the payload earns (201, or 400 for missing fields), never a refusal
      outcomes[name] = denied === undefined ? ([401, 403, 405].includes(res.status) ? `refused ${res.status}` : 'allowed') : String(res.status)
      expected[name] = denied === undefined ? 'allowed' : String(denied)
    }
    expect(outcomes).toEqual(expected)
  })
})

describe('actions and functions', () => {
  it.each(USERS)('%s calls exactly the operations the matrix grants', async user => {
    const outcomes: Record<string, string> = {}
    const expected: Record<string, string> = {}
    for (const { service, name, bound, short } of modelOperations()) {
      const target = bound
        ? `${entitySet(service, bound)}(${service.entities[bound.slice(service.name.length + 1)]?.drafts ? `ID=${randomUUID()},IsActiveEntity=true` : randomUUID()})/${service.name}.${short}`
        : short
      const res = await server.POST(`${servicePath(service)}/${target}`, {}, as(user))
      const allowed = (OPERATION_RULES[name] ?? []).includes(user)
      outcomes[name] = allowed ? ([401, 403].includes(res.status) ? `refused ${res.status}` : 'allowed') : String(res.status)
      expected[name] = allowed ? 'allowed' : user === 'anonymous' ? '401' : '403'
    }
    expect(outcomes).toEqual(expected)
  })

  it.each(USERS)('%s reaches no unserved service', async user => {
    for (const name of UNSERVED) {
      for (const path of [`/odata/v4/${name.replace(/Service$/, '').toLowerCase()}/$metadata`, `/odata/v4/${name}/$metadata`]) {
        expect({ path, status: (await server.GET(path, as(user))).status }).toEqual({ path, status: 404 })
      }
    }
  })
})

describe('routes outside OData', () => {
  it.each(USERS)('%s gets what the matrix says from every route', async user => {
    const outcomes: Record<string, number> = {}
    const expected: Record<string, number> = {}
    for (const [route, rule] of Object.entries(ROUTE_RULES)) {
      if ('middleware' in rule) continue
      const { method, path, body } = rule.probe
      const res = method === 'GET' ? await server.GET(path, as(user)) : await server.POST(path, body, as(user))
      outcomes[route] = res.status
      expected[route] = rule.expect[user]
    }
    expect(outcomes).toEqual(expected)
  })
})
