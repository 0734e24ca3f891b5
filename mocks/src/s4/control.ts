import express from 'express'
import type { PublishedEvent } from './business-events'
import type { Faults } from './faults'
import type { NotificationStore } from './maint-notification'
import { ODataError, odataErrorHandler } from './odata-error'
import type { Entity } from './payload'
import type { RequestLog } from './request-log'

export interface ControlTarget {
  faults: Faults
  log: RequestLog
  state(): { notifications: Entity[]; purchaseRequisitions: Entity[] }
  /** documents per external reference: notifications by MaintNotifExtReferenceNumber, requisitions by PurReqnDescription */
  references(): { notifications: Record<string, number>; purchaseRequisitions: Record<string, number> }
  notifications: Pick<NotificationStore, 'complete' | 'setInProcess' | 'remove'>
  /** the business events published, the last 200 */
  events(): PublishedEvent[]
  /** forgets all entities and events, restarts the numbering, clears faults and the request log, drops held requests */
  reset(): void
}

/** The changes of a notification the control API makes, as the S/4 actions (and a deletion) would */
const NOTIFICATION_CHANGES = {
  complete: 'complete',
  'in-process': 'setInProcess',
  delete: 'remove',
} as const satisfies Record<string, keyof ControlTarget['notifications']>

/**
 * The control API for tests, benchmarks and chaos runs, mounted at `/$control`:
 * - `POST /` with any subset of the fault settings (see faults.ts: failNext, failRate, status,
 *   latencyMs, hangRate, loseResponseNext, loseResponseRate, commitLateRate, commitLateMs,
 *   refuseHead, seed) → all fault settings
 * - `GET /state` → `{ notifications, purchaseRequisitions, requests (the last 200), requestsTotal, faults }`
 * - `GET /references` → `{ notifications: { <reference>: count }, purchaseRequisitions: { <description>: count } }`
 * - `POST /notifications/<number>/complete`, `/in-process` or `/delete` → the notification as
 *   changed (or deleted), 404 if there is none, 400 if its phase does not allow the change; the
 *   same change and business event as CompleteMaintNotification and SetMaintNotifToInProcess
 * - `GET /events` → the business events published, the last 200, oldest first:
 *   `[{ topic, event (the CloudEvent), published (true, false, or null while under way), error? }]`
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
  for (const [path, change] of Object.entries(NOTIFICATION_CHANGES)) {
    router.post(`/notifications/:number/${path}`, (req, res) => {
      const { number } = req.params
      const notification = target.notifications[change](number)
      if (!notification) throw new ODataError(404, 'S4MOCK/NOT_FOUND', `There is no maintenance notification ${number}`)
      res.json(notification)
    })
  }
  router.get('/events', (_req, res) => {
    res.json(target.events())
  })
  router.post('/reset', (_req, res) => {
    target.reset()
    res.status(204).end()
  })
  router.use(odataErrorHandler)
  return router
}
