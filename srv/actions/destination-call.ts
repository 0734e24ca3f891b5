import { executeHttpRequest, type HttpResponse } from '@sap-cloud-sdk/http-client'
import { setGlobalLogLevel } from '@sap-cloud-sdk/util'
import { callFailure } from './call-failure'
import { csrfWithGetFallback } from './csrf-fallback'
import { StepFailure, type StepContext } from './executor'
import { MAX_RESPONSE_BYTES } from './request-bounds'

export { excerpt } from './call-failure'

// the SDK's own info lines (one per destination lookup) would drown the step log
setGlobalLogLevel('warn')

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
 * back as StepFailure (see callFailure).
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
    throw callFailure(error, `${request.method.toUpperCase()} ${destinationName}${request.url}`, { signal })
  }
}
