import cds from '@sap/cds'
import type express from 'express'

const LOG = cds.log('mock-s4')

/** One finding about a request, e.g. a property that is too long; `target` names the property */
export interface Issue {
  code: string
  message: string
  target: string
}

/**
 * An error answered in the OData V2 shape of SAP Gateway:
 * `{"error":{"code","message":{"lang","value"},"innererror":{"errordetails":[…]}}}`
 */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly Issue[] = [],
  ) {
    super(message)
  }

  /** One error for several issues: the first one's code, all messages in the text */
  static of(status: number, issues: readonly Issue[]) {
    return new ODataError(status, issues[0]?.code ?? 'S4MOCK/INVALID', issues.map(issue => issue.message).join('; '), issues)
  }

  body() {
    return {
      error: {
        code: this.code,
        message: { lang: 'en', value: this.message },
        innererror: {
          errordetails: this.details.map(issue => ({
            code: issue.code,
            message: issue.message,
            propertyref: issue.target,
            severity: 'error',
          })),
        },
      },
    }
  }

  send(res: express.Response) {
    res.status(this.status).json(this.body())
  }
}

/** A query option that is wrong (400) */
export const invalidQuery = (message: string) => new ODataError(400, 'S4MOCK/INVALID_QUERY', message)
/** Something valid the mock does not do (501): refused rather than answered wrongly */
export const notImplemented = (message: string) => new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', message)

const MESSAGES: Record<number, string> = {
  400: 'The request body is no valid JSON',
  413: 'The request body is larger than the mock accepts (1 MB)',
  500: 'Internal error of the S/4HANA mock',
}

/** Body parser failures and anything unexpected, answered as OData errors */
export function odataErrorHandler(error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) {
  if (res.headersSent) return next(error)
  if (error instanceof ODataError) return error.send(res)
  // body-parser errors carry a 4xx status; anything else is the mock's own fault
  const given = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined
  const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500
  if (status === 500) LOG.error('unexpected error', error)
  const message = MESSAGES[status] ?? `The request could not be processed (HTTP ${status})`
  new ODataError(status, status === 500 ? 'S4MOCK/INTERNAL' : 'S4MOCK/BAD_REQUEST', message).send(res)
}
