import cds from '@sap/cds'
import type { HttpMiddleware } from '@sap-cloud-sdk/http-client'
import { callFailure } from './call-failure'
import { csrfWithGetFallback } from './csrf-fallback'
import { StepFailure, type ActionConfig, type StepContext } from './executor'
import { boundedRequest, withStepSignal } from './request-bounds'

const LOG = cds.log('s4')

/** The S/4HANA APIs imported to srv/external (see cds.requires), with the entity set each action writes */
export const S4_APIS = {
  API_MAINTNOTIFICATION: 'MaintenanceNotification',
  API_PURCHASEREQ_PROCESS_SRV: 'A_PurchaseRequisitionHeader',
} as const
export type S4Api = keyof typeof S4_APIS

/** Caps calls made outside a step; within one, the step's deadline comes first (timeoutSeconds ≤ 120) */
const REQUEST_TIMEOUT_MS = 120_000

/**
 * The service path of the API below the destination's URL (the OData root, e.g.
 * `…/sap/opu/odata/sap`): `Actions.path`, else `/<API>`. A path that still names the
 * entity set, as configurations before the remote services did, is cut back to the service.
 */
export function servicePath({ path }: ActionConfig, api: S4Api): string {
  const configured = typeof path === 'string' && path ? path.replace(/\/+$/, '') : `/${api}`
  const entitySet = `/${S4_APIS[api]}`
  return configured.endsWith(entitySet) ? configured.slice(0, -entitySet.length) || '/' : configured
}

/** Where the action's creates go, below the destination: for the dry run, which shows them */
export const s4CollectionPath = (action: ActionConfig, api: S4Api) => `${servicePath(action, api).replace(/\/$/, '')}/${S4_APIS[api]}`

/** What CAP's RemoteService keeps of its Cloud SDK set-up: read at each request, so it can be replaced */
interface RemoteServiceInternals {
  middlewares?: { timeout?: HttpMiddleware; csrf?: HttpMiddleware | false }
}

/**
 * CAP's remote services take no signal and race the Cloud SDK's resilience timeout, which
 * leaves the request running. Their outermost middleware is swapped for one that aborts the
 * request at the step's deadline and caps the answer, and the CSRF handshake for one that
 * falls back to GET when HEAD is refused. Fails loudly should CAP stop using these middlewares
 * (e.g. `cds.remote.native_fetch`), rather than run requests without bounds.
 */
function boundRequests(service: cds.Service) {
  const { middlewares } = service as unknown as RemoteServiceInternals
  if (!middlewares?.timeout) throw new Error(`${service.name}: the remote service does not run through the SAP Cloud SDK, so its requests cannot be bounded`)
  middlewares.timeout = boundedRequest(REQUEST_TIMEOUT_MS)
  if (middlewares.csrf) middlewares.csrf = csrfWithGetFallback
}

const connected = new Map<string, Promise<cds.Service>>()

/** The imported API as a CAP remote service on the destination, connected once per destination and path */
function s4Service(api: S4Api, destination: string, path: string): Promise<cds.Service> {
  const key = JSON.stringify([api, destination, path])
  let service = connected.get(key)
  if (!service) {
    // kind, model and CSRF as cds.requires.<api> declares them, spelled out so that a binding of the
    // same name (e.g. a mock `cds watch` registers) cannot replace them; the destination from the action
    const declared = cds.env.requires[api] as object
    service = cds.connect.to(api, { ...declared, credentials: { destination, path, requestTimeout: REQUEST_TIMEOUT_MS } }).then(connectedService => {
      boundRequests(connectedService)
      LOG.debug(`${api} connected to destination ${destination} at ${path}`)
      return connectedService
    })
    service.catch(() => connected.delete(key))
    connected.set(key, service)
  }
  return service
}

/**
 * Runs CQL against the API on the action's destination, bounded by the step's signal, and
 * turns failures into StepFailures. `write` marks creates: one that got no answer may still
 * commit, so its failure says the outcome is unknown.
 */
export async function onS4<T>(
  { action, signal }: Pick<StepContext, 'action' | 'signal'>,
  api: S4Api,
  query: { what: string; write?: boolean },
  run: (service: cds.Service) => Promise<T>,
): Promise<T> {
  const destination = typeof action.destination === 'string' ? action.destination : undefined
  if (!destination) throw new StepFailure(`action "${action.name}" names no destination`, true)
  const path = servicePath(action, api)
  try {
    const service = await s4Service(api, destination, path)
    return await withStepSignal(signal, () => run(service))
  } catch (error) {
    throw callFailure(error, `${query.what} on ${destination}${path}`, { signal, write: query.write })
  }
}
