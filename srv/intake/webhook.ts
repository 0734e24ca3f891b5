import cds from '@sap/cds'
import express from 'express'
import { ChannelCode } from '#cds-models/e2ba'
import type { Intake } from './intake'

type Receive = Intake['receive']

const LOG = cds.log('webhook')

/** 401 with the schemes the configured authentication accepts: a bearer token in production */
const unauthorized = (res: express.Response) =>
  res
    .set('WWW-Authenticate', cds.env.requires.auth.kind === 'mocked' ? 'Basic realm="Users"' : 'Bearer')
    .status(401)
    .json({ error: { code: '401', message: 'Unauthorized' } })

/**
 * Intake for deployments where AEM pushes through a REST Delivery Point instead of being
 * consumed: the message body is the event. CAP's authentication runs first; the broker's
 * technical user needs the Intake scope. 2xx only once the event is stored; 4xx for input
 * that will never be valid (so the broker does not retry it); 503 for transient failures.
 */
export function webhook(receive: Receive, maxBytes: number) {
  const router = express.Router()
  router.post(
    '/events',
    ...(cds.middlewares.before),
    (_req, res, next) => {
      const { user } = cds.context ?? {}
      if (!user?.is('authenticated-user')) return unauthorized(res)
      if (!user.is('Intake')) return res.status(403).json({ error: { code: '403', message: 'Forbidden: the Intake scope is required' } })
      next()
    },
    // a little headroom, so a slightly oversized event is stored as REJECTED with its reason
    express.raw({ type: () => true, limit: maxBytes * 2 }),
    async (req, res) => {
      try {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
        const outcome = await receive(body, ChannelCode.WEBHOOK)
        if (outcome.status === 'REJECTED') res.status(400).json({ error: { code: 'INVALID_EVENT', message: outcome.reason, eventId: outcome.eventId } })
        else res.status(200).json(outcome)
      } catch (error) {
        LOG.error('storing a pushed event failed:', error)
        res.status(503).set('Retry-After', '5').json({ error: { code: '503', message: 'Service unavailable, retry later' } })
      }
    },
  )
  router.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    // CAP's token authentication fails a request with a bare status (next(401)), which
    // Express alone would answer with 500: a broker with an expired token must see 401
    if (error === 401) return unauthorized(res)
    if ((error as { type?: string } | undefined)?.type === 'entity.too.large') return res.status(413).json({ error: { code: '413', message: `events are limited to ${maxBytes} bytes` } })
    next(error)
  })
  return router
}
