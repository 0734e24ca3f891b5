import { csrf, executeHttpRequest, type HttpMiddleware, type HttpResponse } from '@sap-cloud-sdk/http-client'
import { setGlobalLogLevel } from '@sap-cloud-sdk/util'
import { StepFailure, type StepContext } from './executor'

// the SDK's own info lines (one per destination lookup) would drown the step log
setGlobalLogLevel('warn')

/** Statuses that a retry can cure; any other 4xx means the request itself is wrong */
const RETRYABLE = new Set([408, 425, 429])
/** No answer this action needs is larger: a bigger one is refused, not buffered */
export const MAX_RESPONSE_BYTES = 1024 * 1024

export interface DestinationRequest {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  url: string
  data?: unknown
  headers?: Record<string, string>
  /** fetch a CSRF token (and its cookies) first, as SAP Gateway requires for writes */
  csrf?: boolean
}

/**
 * Calls the action's BTP destination through the SAP Cloud SDK, which resolves the
 * destination (environment, bindings or the Destination service), authenticates (OAuth,
 * basic, …) and handles the CSRF handshake. The step's signal cancels the request when the
 * step's deadline passes, and answers beyond MAX_RESPONSE_BYTES are refused. Failures come
 * back as StepFailure: permanent for 4xx answers, oversized answers and missing configuration,
 * transient for 5xx, throttling, network errors and cancellation.
 */
export async function callDestination({ action, signal }: Pick<StepContext, 'action' | 'signal'>, request: DestinationRequest): Promise<HttpResponse> {
  const destinationName = typeof action.destination === 'string' ? action.destination : undefined
  if (!destinationName) throw new StepFailure(`action "${action.name}" names no destination`, true)
  try {
    return await executeHttpRequest(
      { destinationName },
      {
        method: request.method,
        url: request.url,
        data: request.data,
        headers: { accept: 'application/json', ...request.headers },
        middleware: request.csrf ? [csrfWithGetFallback] : [],
        maxContentLength: MAX_RESPONSE_BYTES,
        signal,
      },
      { fetchCsrfToken: false },
    )
  } catch (error) {
    const call = `${request.method.toUpperCase()} ${destinationName}${request.url}`
    if (signal.aborted) throw new StepFailure(`${call} was cancelled: the step's deadline passed`, false, { cause: error })
    if (causes(error).some(cause => /maxContentLength/.test(String((cause as { message?: unknown }).message)))) {
      throw new StepFailure(`${call} answered with more than ${MAX_RESPONSE_BYTES} bytes`, true, { cause: error })
    }
    throw asStepFailure(error, call)
  }
}

/**
 * The SDK's CSRF handshake, by HEAD as usual. Some gateways and proxies refuse HEAD: the
 * token fetch then yields nothing and the write answers 403 with `x-csrf-token: Required`,
 * so the handshake runs once more, by GET on the service root (a GET on the entity set
 * itself would read the whole collection).
 */
const csrfWithGetFallback: HttpMiddleware = options => async requestConfig => {
  const headers = { ...requestConfig.headers }
  try {
    return await csrf({ method: 'head' })(options)(requestConfig)
  } catch (error) {
    if (!csrfTokenRequired(error)) throw error
    return csrf({ method: 'get', url: serviceRoot(requestConfig.url ?? '/') })(options)({ ...requestConfig, headers })
  }
}

/** `/API_X/EntitySet(…)?…` → `/API_X/`: the path up to its last segment */
export const serviceRoot = (url: string) => {
  const path = url.split('?')[0] ?? ''
  return path.slice(0, path.lastIndexOf('/') + 1) || '/'
}

const csrfTokenRequired = (error: unknown) => {
  const { status, headers } = failedResponse(error)
  return status === 403 && String(headers?.['x-csrf-token']).toLowerCase() === 'required'
}

/** The HTTP status and body of a failed call, wherever the Cloud SDK nested the axios error */
export function failedResponse(error: unknown): { status?: number; data?: unknown; headers?: Record<string, unknown> } {
  for (const cause of causes(error)) {
    const response = (cause as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } }).response
    if (response?.status) return response
  }
  return {}
}

export function asStepFailure(error: unknown, call: string): StepFailure {
  if (error instanceof StepFailure) return error
  const { status, data } = failedResponse(error)
  const detail = data === undefined ? '' : `: ${excerpt(data, 300)}`
  if (status) return new StepFailure(`${call} answered ${status}${detail}`, status < 500 && !RETRYABLE.has(status), { cause: error })
  const messages = causes(error).map(cause => (cause as { message?: unknown }).message).filter(m => typeof m === 'string')
  // a destination (or its binding) that cannot be found is configuration, not a passing outage
  const permanent = messages.some(message => /could not find|not found|no destination/i.test(message))
  return new StepFailure(`${call} failed: ${messages.join(': ')}`, permanent, { cause: error })
}

/** The error and its causes, outermost first */
function causes(error: unknown) {
  const chain: unknown[] = []
  for (let cause = error; cause && chain.length < 6; cause = (cause as { cause?: unknown }).cause) chain.push(cause)
  return chain
}

/** A short, single-line rendering of a body for the step log */
export const excerpt = (data: unknown, length = 1000) => (typeof data === 'string' ? data : (JSON.stringify(data) as string | undefined) ?? '').slice(0, length)
