import { createHash, timingSafeEqual } from 'node:crypto'
import type express from 'express'
import { ODataError } from './odata-error'

export interface Credentials {
  username: string
  password: string
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/** Basic authentication for one user, answered like SAP with 401 and a Basic challenge */
export function basicAuth(credentials: Credentials): express.RequestHandler {
  const expected = digest(`Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`)
  return (req, res, next) => {
    // digests of equal length, so the comparison takes the same time whatever was sent
    if (timingSafeEqual(digest(req.get('authorization') ?? ''), expected)) return next()
    res.set('WWW-Authenticate', 'Basic realm="SAP NetWeaver Application Server [MCK/100]"')
    new ODataError(401, 'S4MOCK/UNAUTHORIZED', 'Logon failed: basic authentication required').send(res)
  }
}
