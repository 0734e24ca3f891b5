import type express from 'express'
import { CSRF_COOKIE, readCookie } from './csrf'

/** What the mock saw of a request: enough to assert the client's CSRF handshake, never credentials */
export interface LoggedRequest {
  method: string
  /** path below the mount point of the mock, without the query */
  path: string
  /** the decoded query, e.g. `$filter=MaintNotifExtReferenceNumber eq 'A-1'` */
  query: string
  /** a token other than `Fetch` in `X-CSRF-Token` */
  csrfTokenSent: boolean
  cookieSent: boolean
  /** the answered status; null while pending or when the response was lost */
  status: number | null
}

const CAPACITY = 200

function decode(query: string): string {
  try {
    return decodeURIComponent(query.replaceAll('+', ' '))
  } catch {
    return query
  }
}

/** The last 200 OData requests (paths below `/sap/`), oldest first */
export class RequestLog {
  private entries: LoggedRequest[] = []

  middleware(): express.RequestHandler {
    return (req, res, next) => {
      if (!req.path.startsWith('/sap/')) return next()
      const token = req.get('x-csrf-token')
      const queryStart = req.originalUrl.indexOf('?')
      const entry: LoggedRequest = {
        method: req.method,
        path: req.path,
        query: queryStart < 0 ? '' : decode(req.originalUrl.slice(queryStart + 1)),
        csrfTokenSent: token !== undefined && token.toLowerCase() !== 'fetch',
        cookieSent: readCookie(req.get('cookie'), CSRF_COOKIE) !== undefined,
        status: null,
      }
      this.entries.push(entry)
      if (this.entries.length > CAPACITY) this.entries.shift()
      res.on('finish', () => (entry.status = res.statusCode))
      next()
    }
  }

  list(): LoggedRequest[] {
    return this.entries.map(entry => ({ ...entry }))
  }

  clear() {
    this.entries = []
  }
}
