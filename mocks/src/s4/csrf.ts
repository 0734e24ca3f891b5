import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type express from 'express'
import { ODataError } from './odata-error'

/** SAP Gateway names the cookie after system and client: sap-XSRF_<SID>_<client> */
export const CSRF_COOKIE = 'sap-XSRF_MCK_100'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return undefined
}

/**
 * CSRF protection as SAP Gateway does it: a GET or HEAD with `X-CSRF-Token: Fetch` gets a token
 * in the `x-csrf-token` header and the same token in a session cookie; a modifying request must
 * send both, else 403 with `x-csrf-token: Required`. Tokens are signed rather than remembered,
 * so they stay valid across a reset and the mock keeps no list that grows with every fetch.
 */
export function csrfProtection(): express.RequestHandler {
  const secret = randomBytes(32)
  const sign = (nonce: Buffer) => createHmac('sha256', secret).update(nonce).digest().subarray(0, 8)
  const issue = () => {
    const nonce = randomBytes(16)
    return Buffer.concat([nonce, sign(nonce)]).toString('base64url')
  }
  const valid = (token: string) => {
    const raw = Buffer.from(token, 'base64url')
    return raw.length === 24 && timingSafeEqual(raw.subarray(16), sign(raw.subarray(0, 16)))
  }

  return (req, res, next) => {
    const header = req.get('x-csrf-token')
    const cookie = readCookie(req.get('cookie'), CSRF_COOKIE)
    if (SAFE_METHODS.has(req.method)) {
      if (header?.toLowerCase() !== 'fetch' || req.method === 'OPTIONS') return next()
      const token = cookie !== undefined && valid(cookie) ? cookie : issue()
      res.set('x-csrf-token', token).append('Set-Cookie', `${CSRF_COOKIE}=${token}; Path=/; HttpOnly`)
      // the Cloud SDK fetches with HEAD on the resource it is about to modify: answer any of them
      if (req.method === 'HEAD') return res.status(200).end()
      return next()
    }
    if (header !== undefined && header === cookie && valid(header)) return next()
    res.set('x-csrf-token', 'Required')
    new ODataError(403, 'S4MOCK/CSRF_TOKEN', 'CSRF token validation failed').send(res)
  }
}
