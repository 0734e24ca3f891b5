import express from 'express'
import { flowServer } from './flow-server'
import type { MockBroker } from './mock-broker'

/**
 * The AEM REST messaging interface of the mock broker, so producers (the Lambda) publish
 * over real HTTP exactly as they do to AEM: `POST /TOPIC/<topic>` or `/QUEUE/<queue>`, basic
 * auth, `Solace-Delivery-Mode`, `Solace-Message-ID` and user properties as
 * `Solace-User-Property-<name>` headers (the partition key JMSXGroupID among them); 200 once
 * spooled. `GET /queues` shows queue depths, dead message queues and consumers (read-only, for
 * tests and the demo), `POST /queues/<name>/pause|resume` holds its delivery back (benchmarks);
 * `/flows` lets processors in other processes consume (flow-server.ts).
 */
const USER_PROPERTY = /^solace-user-property-(.+)$/i
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

  // the stand-in's control: hold a queue's delivery back, and let it go (see MockBroker.pauseDelivery)
  router.post(/^\/queues\/(.+)\/(pause|resume)$/, (req, res) => {
    const [name, action] = [decodeURIComponent(req.params[0] ?? ''), req.params[1]]
    if (!broker.pauseDelivery(name, action === 'pause')) return res.status(404).send(`unknown queue ${name}`)
    res.status(204).end()
  })

  router.post(/^\/(TOPIC|QUEUE)\/(.+)$/, express.raw({ type: () => true, limit: MAX_MESSAGE_BYTES }), (req, res) => {
    const [type, name] = [req.params[0] as 'TOPIC' | 'QUEUE', decodeURIComponent(req.params[1] ?? '')]
    const mode = req.get('Solace-Delivery-Mode')?.toLowerCase() ?? 'direct'
    if (!DELIVERY_MODES.includes(mode)) return res.status(400).send(`unknown Solace-Delivery-Mode ${mode}`)
    if (type === 'QUEUE' && !broker.hasQueue(name)) return res.status(404).send(`unknown queue ${name}`)
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
    broker.publish({ type, name }, body, req.get('Solace-Message-ID') ?? null, userProperties(req.rawHeaders))
    res.status(200).end()
  })

  router.use(flowServer(broker))
  return router
}

/** Header names keep their case in rawHeaders: user property names are case-sensitive */
function userProperties(rawHeaders: string[]): Record<string, string> {
  const properties: Record<string, string> = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = USER_PROPERTY.exec(rawHeaders[i] ?? '')?.[1]
    if (name) properties[name] = rawHeaders[i + 1] ?? ''
  }
  return properties
}
