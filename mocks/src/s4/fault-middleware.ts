import type express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Faults } from './faults'
import type { HeldRequests } from './held-requests'
import { ODataError } from './odata-error'

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Answers `latencyMs` later; a request whose client gave up waits no longer, so no timer outlives it */
export function delay(faults: Faults): express.RequestHandler {
  return async (_req, res, next) => {
    if (faults.latencyMs <= 0) return next()
    const gaveUp = new AbortController()
    const onClose = () => gaveUp.abort()
    res.once('close', onClose)
    try {
      await sleep(faults.latencyMs, undefined, { signal: gaveUp.signal })
    } catch {
      return
    } finally {
      res.off('close', onClose)
    }
    next()
  }
}

/** Runs before the CSRF check: a refused HEAD gets no token */
export function refuseHead(faults: Faults): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'HEAD' || !faults.refusesHead) return next()
    res.set('allow', 'GET, POST, PATCH, DELETE').status(405).end()
  }
}

/**
 * Runs after authentication and CSRF checks, like a stuck or failing backend behind Gateway:
 * a hanging request is never answered; a failed modifying one answers `status` and stores nothing.
 */
export function injectFailures(faults: Faults, held: HeldRequests): express.RequestHandler {
  return (req, res, next) => {
    if (faults.takeHang()) return held.hold(res)
    if (READS.has(req.method)) return next()
    const status = faults.takeFailure()
    if (status === undefined) return next()
    new ODataError(status, 'S4MOCK/INJECTED_FAILURE', `Failure injected by the S/4HANA mock (HTTP ${status})`).send(res)
  }
}
