/** Request headers that carry credentials or a session: never to be logged */
const SECRET_HEADERS = /^(authorization|cookie|x-csrf-token|proxy-authorization)$/i

/**
 * Blanks what a failed request's error carries of credentials, session and payload, in place:
 * CAP's remote services log the error (`[remote]` warnings) with the request config the Cloud
 * SDK left on it, CSRF token, session cookie and body included.
 */
export function redactRequest(error: unknown): unknown {
  const config = (error as { config?: { headers?: Record<string, unknown>; data?: unknown } } | null)?.config
  if (!config) return error
  for (const name of Object.keys(config.headers ?? {})) {
    if (SECRET_HEADERS.test(name) && config.headers) config.headers[name] = '***'
  }
  if (config.data !== undefined) config.data = `<${typeof config.data === 'string' ? Buffer.byteLength(config.data) : 'a'} bytes, not logged>`
  return error
}
