import { EventEmitter } from 'node:events'
import { randomUUID } from 'node:crypto'
import { FlowEvent, MessageOutcome, type Flow, type FlowProperties, type GuaranteedMessage } from '../../../srv/intake/guaranteed-messaging'

/**
 * An in-process stand-in for the advanced event mesh (a Solace broker) with the semantics
 * the consumer depends on: durable queues attracting topics by subscription (`*` one level,
 * `>` the rest), a delivery count per message, at most `windowSize` unsettled messages per
 * flow, redelivery on FAILED, the dead message queue on REJECTED or after the maximum number
 * of redeliveries, and unsettled messages returned to the queue when a flow goes down.
 * Development and test profiles only.
 */
interface Spooled {
  id: string
  body: Buffer
  applicationMessageId: string | null
  deliveryCount: number
}

export interface QueueState {
  name: string
  subscriptions: string[]
  depth: number
  unsettled: number
  deadMessageQueue: { applicationMessageId: string | null; deliveryCount: number; bytes: number; outcome: string }[]
  delivered: number
  accepted: number
}

class MockQueue {
  readonly spool: Spooled[] = []
  readonly dead: (Spooled & { outcome: string })[] = []
  readonly flows = new Set<MockFlow>()
  delivered = 0
  accepted = 0
  private readonly patterns: RegExp[]
  private next = 0

  constructor(
    readonly name: string,
    readonly subscriptions: string[],
    readonly maxRedeliveries: number,
    private readonly events: EventEmitter,
  ) {
    this.patterns = subscriptions.map(topicPattern)
  }

  attracts = (topic: string) => this.patterns.some(p => p.test(topic))

  /** Hands spooled messages to flows with room in their window, round robin */
  pump() {
    const flows = [...this.flows].filter(f => f.up)
    while (this.spool.length && flows.some(f => f.hasRoom())) {
      const flow = flows[this.next++ % flows.length]
      if (!flow?.hasRoom()) continue
      const message = this.spool.shift() as Spooled
      message.deliveryCount += 1
      this.delivered += 1
      flow.deliver(message)
    }
  }

  settle(message: Spooled, outcome: MessageOutcome) {
    this.events.emit('settled', { queue: this.name, applicationMessageId: message.applicationMessageId, outcome })
    if (outcome === MessageOutcome.ACCEPTED) this.accepted += 1
    else if (outcome === MessageOutcome.REJECTED) this.dead.push({ ...message, outcome: 'REJECTED' })
    else if (message.deliveryCount > this.maxRedeliveries) this.dead.push({ ...message, outcome: 'MAX_REDELIVERIES' })
    else this.spool.unshift(message)
  }

  state(): QueueState {
    return {
      name: this.name,
      subscriptions: this.subscriptions,
      depth: this.spool.length,
      unsettled: [...this.flows].reduce((n, f) => n + f.unsettled.size, 0),
      deadMessageQueue: this.dead.map(m => ({ applicationMessageId: m.applicationMessageId, deliveryCount: m.deliveryCount, bytes: m.body.length, outcome: m.outcome })),
      delivered: this.delivered,
      accepted: this.accepted,
    }
  }
}

class MockFlow extends EventEmitter implements Flow {
  up = false
  readonly unsettled = new Map<string, Spooled>()

  constructor(
    private readonly queue: MockQueue,
    private readonly windowSize: number,
  ) {
    super()
  }

  /** stopped by the consumer (flow control): nothing is delivered, nothing is taken back */
  private stopped = false

  hasRoom = () => this.up && !this.stopped && this.unsettled.size < this.windowSize

  stop() {
    this.stopped = true
  }

  start() {
    this.stopped = false
    setImmediate(() => {
      this.queue.pump()
    })
  }

  connect() {
    this.up = true
    this.queue.flows.add(this)
    setImmediate(() => {
      this.emit(FlowEvent.UP)
      this.queue.pump()
    })
  }

  /** Unsettled messages go back to the head of the queue, to be redelivered */
  disconnect() {
    this.down(FlowEvent.DOWN)
  }

  /** The broker ends the flow for good (DOWN_ERROR), as when a queue is shut down: it never comes back by itself */
  fail() {
    this.down(FlowEvent.DOWN_ERROR)
  }

  private down(event: typeof FlowEvent.DOWN | typeof FlowEvent.DOWN_ERROR) {
    if (!this.up) return
    this.up = false
    this.queue.flows.delete(this)
    this.queue.spool.unshift(...this.unsettled.values())
    this.unsettled.clear()
    setImmediate(() => {
      this.emit(event, event === FlowEvent.DOWN_ERROR ? { infoStr: 'queue shut down by the mock broker' } : undefined)
      this.queue.pump()
    })
  }

  deliver(spooled: Spooled) {
    this.unsettled.set(spooled.id, spooled)
    const message: GuaranteedMessage = {
      getBinaryAttachment: () => new Uint8Array(spooled.body),
      getApplicationMessageId: () => spooled.applicationMessageId,
      getDeliveryCount: () => spooled.deliveryCount,
      settle: outcome => {
        // like solclientjs: only once, and only while the flow that delivered it is up
        if (!this.unsettled.delete(spooled.id)) throw new Error('message is already settled or its flow is down')
        this.queue.settle(spooled, outcome)
        setImmediate(() => {
          this.queue.pump()
        })
      },
    }
    setImmediate(() => this.emit(FlowEvent.MESSAGE, message))
  }
}

/** Emits `settled` ({ queue, applicationMessageId, outcome }) for every settlement, for tests and benchmarks */
export class MockBroker extends EventEmitter {
  private readonly queues = new Map<string, MockQueue>()

  /** Provisions a durable queue, as an admin would on the real broker */
  provisionQueue(name: string, options: { subscriptions?: string[]; maxRedeliveries?: number } = {}) {
    if (!this.queues.has(name)) this.queues.set(name, new MockQueue(name, options.subscriptions ?? [], options.maxRedeliveries ?? 3, this))
  }

  /** Spools a persistent message to every queue the destination reaches; returns how many */
  publish(destination: { type: 'TOPIC' | 'QUEUE'; name: string }, body: Buffer, applicationMessageId: string | null = null) {
    const targets = [...this.queues.values()].filter(q => (destination.type === 'QUEUE' ? q.name === destination.name : q.attracts(destination.name)))
    for (const queue of targets) {
      queue.spool.push({ id: randomUUID(), body, applicationMessageId, deliveryCount: 0 })
      setImmediate(() => {
        queue.pump()
      })
    }
    return targets.length
  }

  hasQueue = (name: string) => this.queues.has(name)

  createMessageConsumer = (properties: FlowProperties): Flow => {
    const queue = this.queues.get(properties.queueDescriptor.name)
    if (!queue) throw new Error(`unknown queue ${properties.queueDescriptor.name}`)
    return new MockFlow(queue, properties.windowSize)
  }

  state(): QueueState[] {
    return [...this.queues.values()].map(q => q.state())
  }

  /** Simulates consumers crashing: their flows drop, and what they had not settled is redelivered */
  dropConnections() {
    for (const queue of this.queues.values()) for (const flow of queue.flows) flow.disconnect()
  }

  /** Simulates an admin shutting the queue's egress down and up again: every flow ends with DOWN_ERROR */
  failFlows() {
    for (const queue of this.queues.values()) for (const flow of queue.flows) flow.fail()
  }
}

/** Solace topic subscription syntax: `*` one level (or the rest of a level after a prefix), `>` one or more levels at the end */
function topicPattern(subscription: string): RegExp {
  const levels = subscription.split('/').map((level, i, all) => {
    if (level === '>' && i === all.length - 1) return '.+'
    const escaped = level.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    return escaped.endsWith('*') ? `${escaped.slice(0, -1)}[^/]*` : escaped
  })
  return new RegExp(`^${levels.join('/')}$`)
}
