import express from 'express'
import type { Faults } from './faults'
import { odataErrorHandler } from './odata-error'
import type { Entity } from './payload'
import type { RequestLog } from './request-log'

export interface ControlTarget {
  faults: Faults
  log: RequestLog
  state(): { notifications: Entity[]; purchaseRequisitions: Entity[] }
  /** documents per external reference: notifications by MaintNotifExtReferenceNumber, requisitions by PurReqnDescription */
  references(): { notifications: Record<string, number>; purchaseRequisitions: Record<string, number> }
  /** forgets all entities, restarts the numbering, clears faults and the request log, drops held requests */
  reset(): void
}

/**
 * The control API for tests, benchmarks and chaos runs, mounted at `/$control`:
 * - `POST /` with any subset of the fault settings (see faults.ts: failNext, failRate, status,
 *   latencyMs, hangRate, loseResponseNext, loseResponseRate, commitLateRate, commitLateMs,
 *   refuseHead, seed) → all fault settings
 * - `GET /state` → `{ notifications, purchaseRequisitions, requests (the last 200), requestsTotal, faults }`
 * - `GET /references` → `{ notifications: { <reference>: count }, purchaseRequisitions: { <description>: count } }`
 * - `POST /reset` → 204
 */
export function controlApi(target: ControlTarget): express.Router {
  const router = express.Router()
  router.post('/', express.json({ limit: '1mb' }), (req, res) => {
    res.json(target.faults.configure(req.body))
  })
  router.get('/state', (_req, res) => {
    res.json({ ...target.state(), requests: target.log.list(), requestsTotal: target.log.total, faults: target.faults.snapshot() })
  })
  router.get('/references', (_req, res) => {
    res.json(target.references())
  })
  router.post('/reset', (_req, res) => {
    target.reset()
    res.status(204).end()
  })
  router.use(odataErrorHandler)
  return router
}
