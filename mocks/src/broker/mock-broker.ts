import { EventEmitter } from 'node:events'
import { createHash, randomUUID } from 'node:crypto'
import { FlowEvent, MessageOutcome, type Flow, type FlowProperties, type GuaranteedMessage } from '../../../srv/intake/guaranteed-messaging'

/**
 * An in-process stand-in for the advanced event mesh (a Solace broker) with the semantics
 * the consumer depends on: durable queues attracting topics by subscription (`*` one level,
 * `>` the rest), a delivery count per message, redelivery on FAILED, the dead message queue
 * on REJECTED or after the maximum number of redeliveries, and unsettled messages returned
 * to the queue when a flow goes down. As on AEM, a flow's window (at most 255) bounds the
 * messages in transit, and the queue's `maxDeliveredUnackedMsgsPerFlow` (10,000 by default)
 * bounds those delivered but not yet settled.
 *
 * A queue with `partitionCount` > 0 is a partitioned queue: a message goes to the partition
 * its partition key (user property JMSXGroupID) hashes to, or round robin without one; each
 * partition is bound to one flow at a time and delivered in order; when flows join or leave,
 * partitions are rebalanced evenly, moving as few as needed (a leaving flow's first), and a
 * partition moves to its new flow only once its old flow has settled what it was given, or
 * after `maxHandoffMs` (3 s, as AEM's maximum handoff time), when two flows may hold one key for
 * a while. Development and test profiles only.
 */
export const PARTITION_KEY = 'JMSXGroupID'

interface Spooled {
  id: string
  /** publication order, to put returned messages back where they were */
  seq: number
  body: Buffer
  applicationMessageId: string | null
  deliveryCount: number
  partition: number
}

export interface QueueOptions {
  subscriptions?: string[]
  maxRedeliveries?: number
  /** 0: an ordinary (non-exclusive) queue */
  partitionCount?: number
  maxDeliveredUnackedMsgsPerFlow?: number
  maxHandoffMs?: number
}

export interface QueueState {
  name: string
  subscriptions: string[]
  partitionCount: number
  depth: number
  /** messages waiting per partition (a partitioned queue only) */
  partitionDepths: number[]
  unsettled: number
  deadMessageQueue: { applicationMessageId: string | null; deliveryCount: number; bytes: number; outcome: string }[]
  delivered: number
  accepted: number
  /** per consumer (by client name, over the queue's life): messages accepted, and the partitions it holds now */
  consumers: { name: string; accepted: number; partitions: number[] }[]
}

let sequence = 0

class MockQueue {
  /** one spool per partition; an ordinary queue has one */
  readonly spools: Spooled[][]
  /** the flow each partition is bound to, and partitions waiting for their old flow to settle */
  private readonly owners: (MockFlow | undefined)[]
  private readonly handoffs = new Map<number, { to: MockFlow | undefined; timer: NodeJS.Timeout }>()
  readonly dead: (Spooled & { outcome: string })[] = []
  readonly flows: MockFlow[] = []
  readonly acceptedBy = new Map<string, number>()
  readonly partitionCount: number
  delivered = 0
  accepted = 0
  /** delivery paused by the control API: flows stay bound, messages stay spooled */
  paused = false
  private readonly patterns: RegExp[]
  private next = 0
  private unkeyed = 0

  constructor(
    readonly name: string,
    readonly options: Required<QueueOptions>,
    private readonly events: EventEmitter,
  ) {
    this.patterns = options.subscriptions.map(topicPattern)
    this.partitionCount = options.partitionCount
    this.spools = Array.from({ length: Math.max(1, this.partitionCount) }, () => [])
    this.owners = this.spools.map(() => undefined)
  }

  get partitioned() {
    return this.partitionCount > 0
  }

  attracts = (topic: string) => this.patterns.some(p => p.test(topic))

  spool(body: Buffer, applicationMessageId: string | null, partitionKey: string | undefined) {
    const partition = !this.partitioned ? 0 : partitionKey === undefined ? this.unkeyed++ % this.partitionCount : hashPartition(partitionKey, this.partitionCount)
    this.spools[partition]?.push({ id: randomUUID(), seq: sequence++, body, applicationMessageId, deliveryCount: 0, partition })
  }

  get depth() {
    return this.spools.reduce((n, s) => n + s.length, 0)
  }

  partitionsOf = (flow: MockFlow) => this.owners.flatMap((owner, p) => (owner === flow && !this.handoffs.has(p) ? [p] : []))

  join(flow: MockFlow) {
    this.flows.push(flow)
    this.rebalance()
  }

  /** A flow went down: what it had not settled goes back to its partitions, in publication order */
  leave(flow: MockFlow) {
    const at = this.flows.indexOf(flow)
    if (at >= 0) this.flows.splice(at, 1)
    const returned = [...flow.unsettled.values()]
    flow.unsettled.clear()
    for (const partition of new Set(returned.map(m => m.partition))) {
      const spool = this.spools[partition] as Spooled[]
      this.spools[partition] = [...returned.filter(m => m.partition === partition), ...spool].sort((a, b) => a.seq - b.seq)
    }
    this.owners.forEach((owner, p) => {
      if (owner !== flow) return
      this.owners[p] = undefined
      // nothing of it is left unsettled: a handoff from it is over
      const handoff = this.handoffs.get(p)
      if (handoff) clearTimeout(handoff.timer)
      this.handoffs.delete(p)
    })
    this.rebalance()
  }

  /** Where partition p is headed: the flow it is being handed to, or the one it is bound to */
  private intended = (p: number) => (this.handoffs.has(p) ? this.handoffs.get(p)?.to : this.owners[p])

  /**
   * Spreads the partitions evenly over the flows (the first to join take one more where they do
   * not divide evenly), moving as few as it can: unbound partitions first, then those above a
   * flow's share
   */
  private rebalance() {
    if (!this.partitioned) return
    const quota = new Map(this.flows.map((flow, i) => [flow, Math.floor(this.partitionCount / this.flows.length) + (i < this.partitionCount % this.flows.length ? 1 : 0)]))
    const held = new Map(this.flows.map(flow => [flow, 0]))
    const free: number[] = []
    for (let p = 0; p < this.partitionCount; p++) {
      const flow = this.intended(p)
      const count = flow === undefined ? undefined : held.get(flow)
      if (flow === undefined || count === undefined || count >= (quota.get(flow) ?? 0)) free.push(p)
      else held.set(flow, count + 1)
    }
    for (const p of free) {
      const target = this.flows.find(flow => (held.get(flow) ?? 0) < (quota.get(flow) ?? 0))
      if (target) held.set(target, (held.get(target) ?? 0) + 1)
      this.bind(p, target)
    }
  }

  /** Binds partition p to `target`, at once, or once its current flow settled what it holds */
  private bind(p: number, target: MockFlow | undefined) {
    const owner = this.owners[p]
    const handoff = this.handoffs.get(p)
    if (handoff) clearTimeout(handoff.timer)
    this.handoffs.delete(p)
    if (owner === target) return
    if (owner?.up && owner.unsettledIn(p)) {
      const timer = setTimeout(() => this.handOver(p), this.options.maxHandoffMs)
      timer.unref()
      this.handoffs.set(p, { to: target, timer })
    } else this.owners[p] = target
  }

  private handOver(p: number) {
    const handoff = this.handoffs.get(p)
    if (!handoff) return
    clearTimeout(handoff.timer)
    this.handoffs.delete(p)
    this.owners[p] = handoff.to
    this.pump()
  }

  /** Hands spooled messages to flows with room; partitions only to their own flow, in order */
  pump() {
    if (this.paused) return
    if (!this.partitioned) {
      const flows = this.flows.filter(f => f.up)
      const spool = this.spools[0] as Spooled[]
      while (spool.length && flows.some(f => f.hasRoom())) {
        const flow = flows[this.next++ % flows.length]
        if (flow?.hasRoom()) this.deliver(spool.shift() as Spooled, flow)
      }
      return
    }
    for (let moved = true; moved; ) {
      moved = false
      for (let p = 0; p < this.partitionCount; p++) {
        const flow = this.owners[p]
        const spool = this.spools[p] as Spooled[]
        if (!flow || this.handoffs.has(p) || !spool.length || !flow.hasRoom()) continue
        this.deliver(spool.shift() as Spooled, flow)
        moved = true
      }
    }
  }

  private deliver(message: Spooled, flow: MockFlow) {
    message.deliveryCount += 1
    this.delivered += 1
    flow.deliver(message)
  }

  settle(message: Spooled, outcome: MessageOutcome, by: MockFlow) {
    this.events.emit('settled', { queue: this.name, applicationMessageId: message.applicationMessageId, outcome })
    if (outcome === MessageOutcome.ACCEPTED) {
      this.accepted += 1
      this.acceptedBy.set(by.name, (this.acceptedBy.get(by.name) ?? 0) + 1)
    } else if (outcome === MessageOutcome.REJECTED) this.dead.push({ ...message, outcome: 'REJECTED' })
    else if (message.deliveryCount > this.options.maxRedeliveries) this.dead.push({ ...message, outcome: 'MAX_REDELIVERIES' })
    else this.spools[message.partition]?.unshift(message)
    if (this.handoffs.has(message.partition) && this.owners[message.partition] === by && !by.unsettledIn(message.partition)) this.handOver(message.partition)
  }

  state(): QueueState {
    const names = new Set([...this.acceptedBy.keys(), ...this.flows.map(f => f.name)])
    return {
      name: this.name,
      subscriptions: this.options.subscriptions,
      partitionCount: this.partitionCount,
      depth: this.depth,
      partitionDepths: this.partitioned ? this.spools.map(spool => spool.length) : [],
      unsettled: this.flows.reduce((n, f) => n + f.unsettled.size, 0),
      deadMessageQueue: this.dead.map(m => ({ applicationMessageId: m.applicationMessageId, deliveryCount: m.deliveryCount, bytes: m.body.length, outcome: m.outcome })),
      delivered: this.delivered,
      accepted: this.accepted,
      consumers: [...names].map(name => ({
        name,
        accepted: this.acceptedBy.get(name) ?? 0,
        partitions: this.flows.filter(f => f.name === name).flatMap(f => this.partitionsOf(f)),
      })),
    }
  }
}

class MockFlow extends EventEmitter implements Flow {
  up = false
  readonly unsettled = new Map<string, Spooled>()
  /** delivered, but not yet handed to the application: what the window bounds */
  private inTransit = 0
  /** stopped by the consumer (flow control): nothing is delivered, nothing is taken back */
  private stopped = false

  constructor(
    private readonly queue: MockQueue,
    private readonly windowSize: number,
    readonly name: string,
  ) {
    super()
  }

  hasRoom = () => this.up && !this.stopped && this.inTransit < this.windowSize && this.unsettled.size < this.queue.options.maxDeliveredUnackedMsgsPerFlow

  /** unsettled messages per partition, for handoffs */
  private readonly unsettledPerPartition = new Map<number, number>()

  unsettledIn = (partition: number) => (this.unsettledPerPartition.get(partition) ?? 0) > 0

  private count(partition: number, by: 1 | -1) {
    this.unsettledPerPartition.set(partition, (this.unsettledPerPartition.get(partition) ?? 0) + by)
  }

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
    this.queue.join(this)
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
    this.unsettledPerPartition.clear()
    this.queue.leave(this)
    setImmediate(() => {
      this.emit(event, event === FlowEvent.DOWN_ERROR ? { infoStr: 'queue shut down by the mock broker' } : undefined)
      this.queue.pump()
    })
  }

  deliver(spooled: Spooled) {
    this.unsettled.set(spooled.id, spooled)
    this.count(spooled.partition, 1)
    this.inTransit += 1
    const message: GuaranteedMessage = {
      getBinaryAttachment: () => new Uint8Array(spooled.body),
      getApplicationMessageId: () => spooled.applicationMessageId,
      getDeliveryCount: () => spooled.deliveryCount,
      settle: outcome => {
        // like solclientjs: only once, and only while the flow that delivered it is up
        if (!this.unsettled.delete(spooled.id)) throw new Error('message is already settled or its flow is down')
        this.count(spooled.partition, -1)
        this.queue.settle(spooled, outcome, this)
        setImmediate(() => {
          this.queue.pump()
        })
      },
    }
    setImmediate(() => {
      this.inTransit -= 1
      if (this.up) this.emit(FlowEvent.MESSAGE, message)
      this.queue.pump()
    })
  }
}

/** Emits `settled` ({ queue, applicationMessageId, outcome }) for every settlement, for tests and benchmarks */
export class MockBroker extends EventEmitter {
  private readonly queues = new Map<string, MockQueue>()

  /** Provisions a durable queue, as an admin would on the real broker */
  provisionQueue(name: string, options: QueueOptions = {}) {
    if (this.queues.has(name)) return
    const settings: Required<QueueOptions> = {
      subscriptions: [],
      maxRedeliveries: 3,
      partitionCount: 0,
      maxDeliveredUnackedMsgsPerFlow: 10_000,
      maxHandoffMs: 3000,
      ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    }
    this.queues.set(name, new MockQueue(name, settings, this))
  }

  /** Spools a persistent message to every queue the destination reaches; returns how many */
  publish(destination: { type: 'TOPIC' | 'QUEUE'; name: string }, body: Buffer, applicationMessageId: string | null = null, userProperties: Record<string, string> = {}) {
    const targets = [...this.queues.values()].filter(q => (destination.type === 'QUEUE' ? q.name === destination.name : q.attracts(destination.name)))
    for (const queue of targets) {
      queue.spool(body, applicationMessageId, userProperties[PARTITION_KEY])
      setImmediate(() => {
        queue.pump()
      })
    }
    return targets.length
  }

  hasQueue = (name: string) => this.queues.has(name)

  /** The partition of a queue that a partition key's messages go to */
  partitionOf(queue: string, key: string) {
    const count = this.queues.get(queue)?.partitionCount ?? 0
    return count ? hashPartition(key, count) : 0
  }

  /**
   * Holds a queue's messages back while its consumers stay bound, and lets them go again: a
   * control of the stand-in (not an AEM feature), so that a measurement starts with every
   * consumer ready and the whole load spooled.
   */
  pauseDelivery(name: string, paused: boolean) {
    const queue = this.queues.get(name)
    if (!queue) return false
    queue.paused = paused
    if (!paused) setImmediate(() => queue.pump())
    return true
  }

  /** Binds a flow; `clientName` tells consumers apart in the queue's state (each instance its own) */
  createMessageConsumer = (properties: FlowProperties, clientName = 'local'): Flow & { name: string; fail(): void } => {
    const queue = this.queues.get(properties.queueDescriptor.name)
    if (!queue) throw new Error(`unknown queue ${properties.queueDescriptor.name}`)
    return new MockFlow(queue, Math.min(255, properties.windowSize), clientName)
  }

  state(): QueueState[] {
    return [...this.queues.values()].map(q => q.state())
  }

  /** Simulates consumers crashing: their flows drop, and what they had not settled is redelivered */
  dropConnections() {
    for (const queue of this.queues.values()) for (const flow of [...queue.flows]) flow.disconnect()
  }

  /** Simulates an admin shutting the queue's egress down and up again: every flow ends with DOWN_ERROR */
  failFlows() {
    for (const queue of this.queues.values()) for (const flow of [...queue.flows]) flow.fail()
  }
}

/** A stable partition for a key, as the broker hashes it (the exact function is the broker's own) */
function hashPartition(key: string, count: number) {
  return createHash('md5').update(key).digest().readUInt32BE(0) % count
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
