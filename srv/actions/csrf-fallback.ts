import { csrf, type HttpMiddleware } from '@sap-cloud-sdk/http-client'
import { failedResponse } from './call-failure'

/**
 * The SDK's CSRF handshake, by HEAD as usual. Some gateways and proxies refuse HEAD: the
 * token fetch then yields nothing and the write answers 403 with `x-csrf-token: Required`,
 * so the handshake runs once more, by GET on the service root (a GET on the entity set
 * itself would read the whole collection).
 */
export const csrfWithGetFallback: HttpMiddleware = options => async requestConfig => {
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
