import express from 'express'
import type { MockBroker } from './mock-broker'

/**
 * The AEM REST messaging interface of the mock broker, so producers (the Lambda) publish
 * over real HTTP exactly as they do to AEM: `POST /TOPIC/<topic>` or `/QUEUE/<queue>`, basic
 * auth, `Solace-Delivery-Mode` and `Solace-Message-ID`; 200 once spooled. `GET /queues`
 * shows queue depths and the dead message queues (read-only, for tests and the demo).
 */
const DELIVERY_MODES = ['direct', 'persistent', 'non-persistent']
const MAX_MESSAGE_BYTES = 30 * 1024 * 1024

export function mockAemRest(broker: MockBroker, credentials: { username: string; password: string }) {
  const router = express.Router()
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`

  router.use((req, res, next) => {
    if (req.headers.authorization === expected) return next()
    res.set('WWW-Authenticate', 'Basic realm="mock-aem"').status(401).end()
  })

  router.get('/queues', (_req, res) => {
    res.json(broker.state())
  })

  router.post(/^\/(TOPIC|QUEUE)\/(.+)$/, express.raw({ type: () => true, limit: MAX_MESSAGE_BYTES }), (req, res) => {
    const [type, name] = [req.params[0] as 'TOPIC' | 'QUEUE', decodeURIComponent(req.params[1] ?? '')]
    const mode = req.get('Solace-Delivery-Mode')?.toLowerCase() ?? 'direct'
    if (!DELIVERY_MODES.includes(mode)) return res.status(400).send(`unknown Solace-Delivery-Mode ${mode}`)
    if (type === 'QUEUE' && !broker.hasQueue(name)) return res.status(404).send(`unknown queue ${name}`)
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
    broker.publish({ type, name }, body, req.get('Solace-Message-ID') ?? null)
    res.status(200).end()
  })

  return router
}
