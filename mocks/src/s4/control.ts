import express from 'express'
import type { Faults } from './faults'
import { odataErrorHandler } from './odata-error'
import type { Entity } from './payload'
import type { RequestLog } from './request-log'

export interface ControlTarget {
  faults: Faults
  log: RequestLog
  state(): { notifications: Entity[]; purchaseRequisitions: Entity[] }
  /** forgets all entities, restarts the numbering, clears faults and the request log */
  reset(): void
}

/**
 * The control API for tests and the reliability suite, mounted at `/$control`:
 * - `POST /` `{ failNext, status, latencyMs, loseResponseNext }` (any subset) → the fault settings
 * - `GET /state` → `{ notifications, purchaseRequisitions, requests, faults }`
 * - `POST /reset` → 204
 */
export function controlApi(target: ControlTarget): express.Router {
  const router = express.Router()
  router.post('/', express.json({ limit: '1mb' }), (req, res) => {
    res.json(target.faults.configure(req.body))
  })
  router.get('/state', (_req, res) => {
    res.json({ ...target.state(), requests: target.log.list(), faults: target.faults.snapshot() })
  })
  router.post('/reset', (_req, res) => {
    target.reset()
    res.status(204).end()
  })
  router.use(odataErrorHandler)
  return router
}
