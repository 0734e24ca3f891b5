import express from 'express'
import { randomUUID } from 'node:crypto'
import { FlowEvent, flowProperties, MessageOutcome, type GuaranteedMessage } from '../../../srv/intake/guaranteed-messaging'
import type { MockBroker } from './mock-broker'

/**
 * Consumer flows of the mock broker over HTTP, so processors in other processes consume it
 * as they consume AEM (see remote-broker.ts): `GET /flows?queue=&windowSize=&client=` binds a
 * flow and streams it as server-sent events (`flow` with its id, `up`, `message`, `down-error`);
 * closing that response is the flow going down, so a killed consumer's unsettled messages
 * are redelivered at once. `POST /flows/{id}/settle` settles messages ([{ id, outcome }]),
 * `POST /flows/{id}/stop|start` is flow control.
 */
const OUTCOMES = new Map<unknown, MessageOutcome>([MessageOutcome.ACCEPTED, MessageOutcome.FAILED, MessageOutcome.REJECTED].map(outcome => [outcome, outcome]))

export function flowServer(broker: MockBroker) {
  const router = express.Router()
  const flows = new Map<string, { flow: ReturnType<MockBroker['createMessageConsumer']>; messages: Map<string, GuaranteedMessage> }>()

  router.get('/flows', (req, res) => {
    const queue = typeof req.query.queue === 'string' ? req.query.queue : ''
    const windowSize = Number(req.query.windowSize ?? 255)
    const client = (typeof req.query.client === 'string' ? req.query.client : 'remote').slice(0, 100)
    if (!broker.hasQueue(queue)) return res.status(404).send(`unknown queue ${queue}`)
    if (!Number.isInteger(windowSize) || windowSize < 1 || windowSize > 255) return res.status(400).send('windowSize must be 1..255')
    const flow = broker.createMessageConsumer(flowProperties(queue, windowSize), client)
    const id = randomUUID()
    const messages = new Map<string, GuaranteedMessage>()
    let next = 0
    flows.set(id, { flow, messages })
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    send('flow', { id })
    flow.on(FlowEvent.UP, () => send('up', {}))
    flow.on(FlowEvent.MESSAGE, message => {
      const messageId = String(next++)
      messages.set(messageId, message)
      const body = message.getBinaryAttachment()
      send('message', {
        id: messageId,
        applicationMessageId: message.getApplicationMessageId(),
        deliveryCount: message.getDeliveryCount(),
        body: Buffer.from(body ?? '').toString('base64'),
      })
    })
    flow.on(FlowEvent.DOWN_ERROR, (error: unknown) => {
      send('down-error', { reason: (error as { infoStr?: string } | undefined)?.infoStr ?? 'flow down' })
      res.end()
    })
    res.on('close', () => {
      flows.delete(id)
      flow.disconnect()
    })
    flow.connect()
  })

  router.post('/flows/:id/settle', express.json({ limit: '1mb' }), (req, res) => {
    const entry = flows.get(req.params.id)
    if (!entry) return res.status(404).send('no such flow: it is down')
    const settlements = Array.isArray(req.body) ? (req.body as { id?: unknown; outcome?: unknown }[]) : []
    let settled = 0
    for (const { id, outcome } of settlements) {
      const message = entry.messages.get(String(id))
      const settlement = OUTCOMES.get(outcome)
      if (!message || settlement === undefined) continue
      entry.messages.delete(String(id))
      try {
        message.settle(settlement)
        settled++
      } catch {
        // its flow went down meanwhile: the message is back in the queue
      }
    }
    res.json({ settled })
  })

  for (const action of ['stop', 'start'] as const) {
    router.post(`/flows/:id/${action}`, (req, res) => {
      const entry = flows.get(req.params.id)
      if (!entry) return res.status(404).send('no such flow: it is down')
      entry.flow[action]()
      res.status(204).end()
    })
  }
  return router
}
