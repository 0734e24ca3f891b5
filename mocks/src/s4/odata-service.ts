import express from 'express'
import type { EdmEntitySet, EdmEntityType, EdmModel } from './edm-model'
import type { Faults } from './faults'
import { actionCall, boundSetOf, type MockAction } from './function-import'
import { drop, type HeldRequests } from './held-requests'
import { ODataError, odataErrorHandler } from './odata-error'
import { entityJson, entityUri } from './odata-json'
import { checkCreate, isEntity, type CreateRules, type Entity } from './payload'
import { applyQuery, parseQuery } from './query'

export interface CreateContext {
  /** the authenticated user */
  user: string
  now: Date
}

/** An entity set the mock serves, with its in-memory data */
export interface MockEntitySet {
  name: string
  list(): readonly Entity[]
  /** navigation properties kept with the entities (deep-inserted), hence readable and expandable */
  expandable: readonly string[]
  /** absent: the mock serves the set read-only */
  create?: {
    rules: CreateRules
    /** assigns the key and the server's fields, stores the entity and returns it */
    store(entity: Entity, context: CreateContext): Entity
  }
  /** the actions bound to the set's entities (function imports) the mock performs, by name */
  actions?: Readonly<Record<string, MockAction>>
}

export interface MockService {
  /** the technical service name, as in /sap/opu/odata/sap/<name> */
  name: string
  edmx: string
  model: EdmModel
  sets: MockEntitySet[]
  reset(): void
}

/** `/Set`, `/Set('key')`, `/Set(A='1',B='2')/to_Nav`, with or without a trailing slash */
const RESOURCE = /^\/([A-Za-z_]\w*)(?:\((.*)\))?(?:\/([A-Za-z_]\w*))?\/?$/
/** `/Name`: an entity set or a function import */
const NAME_ONLY = /^\/([A-Za-z_]\w*)\/?$/
const KEY_PART = /\s*(?:([A-Za-z_]\w*)\s*=\s*)?'((?:[^']|'')*)'\s*(?:,|$)/gy

const serviceRoot = (req: express.Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`
const searchParams = (req: express.Request) => new URL(req.originalUrl, 'http://mock').searchParams

/** The key values of a predicate with string keys: `'1'` for a single key, `A='1',B='2'` for several */
function parseKey(type: EdmEntityType, predicate: string): Map<string, string> {
  const values = new Map<string, string>()
  let consumed = 0
  for (const match of predicate.matchAll(KEY_PART)) {
    const name = match[1] ?? (type.keys.length === 1 ? type.keys[0] : undefined)
    if (name === undefined || !type.keys.includes(name)) break
    values.set(name, (match[2] ?? '').replaceAll("''", "'"))
    consumed += match[0].length
  }
  if (consumed !== predicate.length || values.size !== type.keys.length) {
    throw new ODataError(400, 'S4MOCK/INVALID_KEY', `Invalid key predicate (${predicate}) for ${type.qualifiedName}; keys: ${type.keys.join(', ')}`)
  }
  return values
}

function serviceDocument(req: express.Request, res: express.Response, service: MockService) {
  const names = [...service.model.entitySets.keys()]
  if (searchParams(req).get('$format') === 'json' || req.accepts(['application/atomsvc+xml', 'application/json']) === 'application/json') {
    res.json({ d: { EntitySets: names } })
    return
  }
  const collections = names.map(name => `<app:collection href="${name}"><atom:title>${name}</atom:title></app:collection>`).join('')
  res
    .type('application/atomsvc+xml')
    .send(
      `<?xml version="1.0" encoding="utf-8"?><app:service xml:base="${serviceRoot(req)}/" xmlns:app="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom"><app:workspace><atom:title>Data</atom:title>${collections}</app:workspace></app:service>`,
    )
}

/**
 * One OData V2 service of the mock: service document, `$metadata` (compiled from the imported model),
 * reading entity sets (collection with query options, single entity, navigation), creating
 * entities checked against the model, and function imports of the actions bound to them.
 * Authentication, CSRF and fault injection happen before, in the router of the whole mock.
 */
export function odataService(service: MockService, gateway: { faults: Faults; held: HeldRequests }, user: string): express.Router {
  const { faults, held } = gateway
  const router = express.Router()
  const { model } = service

  const resolve = (req: express.Request) => {
    const [setName = '', predicate, navigationName] = [req.params[0], req.params[1], req.params[2]]
    const edmSet = model.entitySets.get(setName)
    if (!edmSet) throw new ODataError(404, 'S4MOCK/NOT_FOUND', `Resource not found for segment '${setName}'`)
    const mockSet = service.sets.find(set => set.name === setName)
    if (!mockSet) throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', `The mock does not serve the entity set ${setName}`)
    return { edmSet, mockSet, predicate, navigationName }
  }

  const lookup = (mockSet: MockEntitySet, key: ReadonlyMap<string, string>, segment: string) => {
    const entity = mockSet.list().find(candidate => [...key].every(([name, value]) => candidate[name] === value))
    if (!entity) throw new ODataError(404, 'S4MOCK/NOT_FOUND', `Resource not found for segment '${segment}'`)
    return entity
  }
  const find = (edmSet: EdmEntitySet, mockSet: MockEntitySet, predicate: string) => lookup(mockSet, parseKey(edmSet.type, predicate), `${edmSet.name}(${predicate})`)

  router.use((_req, res, next) => {
    res.set('dataserviceversion', '2.0')
    next()
  })

  router.get('/', (req, res) => serviceDocument(req, res, service))

  router.get('/$metadata', (_req, res) => {
    res.type('application/xml').send(service.edmx)
  })

  // a function import: a bound action on the entity its key parameters name
  router.all(NAME_ONLY, (req, res, next) => {
    const name = req.params[0] ?? ''
    const edmSet = model.entitySets.has(name) ? undefined : boundSetOf(model, name)
    if (!edmSet) return next()
    if (req.method !== 'POST') {
      res.set('allow', 'POST')
      throw new ODataError(405, 'S4MOCK/METHOD_NOT_ALLOWED', `The function import ${name} is called with POST`)
    }
    const call = actionCall(edmSet, name, searchParams(req))
    const mockSet = service.sets.find(set => set.name === edmSet.name)
    const perform = mockSet?.actions?.[name]
    if (!mockSet || !perform) throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', `The mock does not perform ${name}`)
    const keyText = [...call.key.values()].map(value => `'${value}'`).join(',')
    const entity = lookup(mockSet, call.key, `${edmSet.name}(${keyText})`)
    const changed = perform(entity, call.parameters, { now: new Date() })
    res.json({ d: entityJson(serviceRoot(req), model, edmSet.type, changed, { expand: [] }) })
  })

  router.get(RESOURCE, (req, res) => {
    const { edmSet, mockSet, predicate, navigationName } = resolve(req)
    const root = serviceRoot(req)
    if (predicate === undefined) {
      if (navigationName !== undefined) throw new ODataError(400, 'S4MOCK/INVALID_URI', 'A navigation needs a key predicate')
      const query = parseQuery(searchParams(req), edmSet.type, mockSet.expandable)
      const { page, count } = applyQuery(mockSet.list(), edmSet.type, query)
      const results = page.map(entity => entityJson(root, model, edmSet.type, entity, query))
      res.json({ d: query.inlineCount ? { __count: String(count), results } : { results } })
      return
    }
    const entity = find(edmSet, mockSet, predicate)
    if (navigationName === undefined) {
      res.json({ d: entityJson(root, model, edmSet.type, entity, parseQuery(searchParams(req), edmSet.type, mockSet.expandable)) })
      return
    }
    const navigation = edmSet.type.navigations.get(navigationName)
    const target = navigation && model.entityTypes.get(navigation.target)
    if (!navigation || !target) throw new ODataError(404, 'S4MOCK/NOT_FOUND', `Resource not found for segment '${navigationName}'`)
    if (!mockSet.expandable.includes(navigationName) || !navigation.many) {
      throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', `The mock does not keep '${navigationName}'`)
    }
    const children = entity[navigationName]
    const related = Array.isArray(children) ? children.filter(isEntity) : []
    res.json({ d: { results: related.map(child => entityJson(root, model, target, child, { expand: [] })) } })
  })

  router.post(RESOURCE, express.json({ limit: '1mb' }), (req, res) => {
    const { edmSet, mockSet, predicate, navigationName } = resolve(req)
    if (predicate !== undefined || navigationName !== undefined) {
      throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', 'The mock creates entities only by POST to an entity set')
    }
    if (!edmSet.creatable) throw new ODataError(405, 'S4MOCK/NOT_CREATABLE', `${edmSet.name} is not creatable (sap:creatable="false")`)
    if (!mockSet.create) throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', `The mock does not create ${edmSet.name}`)
    if (!req.is('application/json')) throw new ODataError(415, 'S4MOCK/UNSUPPORTED_MEDIA_TYPE', 'The mock accepts JSON bodies only (Content-Type: application/json)')

    const { entity, issues } = checkCreate(model, edmSet.type, req.body, mockSet.create.rules)
    if (issues.length > 0) throw ODataError.of(400, issues)
    const creation = mockSet.create
    // a slow commit: no answer now, stored later even if the client gave up meanwhile
    if (faults.takeLateCommit()) {
      held.hold(res)
      held.later(() => {
        try {
          creation.store(entity, { user, now: new Date() })
        } catch {
          // refused as it would have been on time: nothing stored
        }
        if (!res.req.socket.destroyed) drop(res)
      }, faults.commitLateMs)
      return
    }
    const stored = creation.store(entity, { user, now: new Date() })
    // a lost response: stored, yet the client never hears of it
    if (faults.takeLoss()) {
      drop(res)
      return
    }
    const root = serviceRoot(req)
    res
      .status(201)
      .location(entityUri(root, model, edmSet.type, stored))
      .json({ d: entityJson(root, model, edmSet.type, stored, { expand: mockSet.expandable }) })
  })

  router.all(RESOURCE, req => {
    resolve(req)
    throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', `The mock does not support ${req.method} here`)
  })

  router.use((req, _res, next) => next(new ODataError(404, 'S4MOCK/NOT_FOUND', `Resource not found: ${req.path}`)))
  router.use(odataErrorHandler)
  return router
}
