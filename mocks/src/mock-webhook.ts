import express from 'express'

/**
 * A receiver for generic HTTP actions (e.g. the shift supervisor's channel): records what it
 * gets. Under `/echo` it answers with the request's headers and body, as debugging endpoints
 * do, so tests can see that credentials echoed back are not stored.
 */
export function mockWebhook() {
  const received: { path: string; body: unknown }[] = []
  const router = express.Router()
  router.get('/$received', (_req, res) => res.json(received))
  router.post(/.*/, express.json({ limit: '256kb' }), (req, res) => {
    received.push({ path: req.path, body: req.body as unknown })
    if (received.length > 200) received.shift()
    if (req.path.startsWith('/echo')) res.status(200).json({ headers: req.headers, body: req.body as unknown })
    else res.status(200).json({ ok: true })
  })
  return router
}
