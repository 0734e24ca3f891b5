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
  /** the client closed the connection before an answer (gave up, e.g. at its deadline) */
  abandoned: boolean
}

const CAPACITY = 200

function decode(query: string): string {
  try {
    return decodeURIComponent(query.replaceAll('+', ' '))
  } catch {
    return query
  }
}

/** The last 200 OData requests (paths below `/sap/`), oldest first, and how many there were */
export class RequestLog {
  private entries: LoggedRequest[] = []
  /** all OData requests since the last clear, for benchmarks that count calls per chain */
  total = 0

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
        abandoned: false,
      }
      this.entries.push(entry)
      this.total++
      if (this.entries.length > CAPACITY) this.entries.shift()
      res.on('finish', () => (entry.status = res.statusCode))
      res.on('close', () => {
        if (!res.writableFinished && res.locals.dropped !== true) entry.abandoned = true
      })
      next()
    }
  }

  list(): LoggedRequest[] {
    return this.entries.map(entry => ({ ...entry }))
  }

  clear() {
    this.entries = []
    this.total = 0
  }
}
