import cds from '@sap/cds'
import { ChannelCode } from '#cds-models/e2ba'
import { FlowEvent, flowProperties, MessageOutcome, type Flow, type FlowFactory, type GuaranteedMessage } from './guaranteed-messaging'

const LOG = cds.log('consumer')

/** Binding again, or storing again, after a failure: 1 s, doubling up to 30 s, ±20 % so instances spread out */
const BACKOFF_FIRST_MS = 1000
const BACKOFF_MAX_MS = 30_000
const DEFAULT_MAX_UNSETTLED = 2048
const backoff = (failures: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** failures) * (0.8 + Math.random() * 0.4)

/**
 * Where the consumer stores what it takes: anomaly events (Intake), or S/4's notification
 * events. It settles a message REJECTED when the store says so, ACCEPTED otherwise; a rejected
 * promise is a transient failure.
 */
export interface MessageStore {
  receive(body: Uint8Array | string, channel: ChannelCode): Promise<{ status: string }>
}

/**
 * Consumes an AEM queue with client acknowledgement and settles each message by what
 * became of it: ACCEPTED once stored (and its processing queued), REJECTED once an invalid
 * message is stored with its reason (the broker moves it to the dead message queue). While
 * storing fails for a transient reason, the flow pauses and the message is tried again with
 * backoff (see store). The same code runs against solclientjs and the mock broker.
 */
export class QueueConsumer {
  private flow: Flow | undefined
  /** whether the flow is bound to the queue, as the broker last said */
  private bound = false
  /** consecutive failed bindings, for the backoff; and the timer of the next attempt */
  private failures = 0
  private rebind: NodeJS.Timeout | undefined
  /** messages held for another try at storing them; while any is, the flow takes no new ones */
  private held = 0
  /** whether this consumer stopped its flow (flow control), for a store failure or too many unsettled messages */
  private stopped = false
  private readonly sleeping = new Set<() => void>()
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly createFlow: FlowFactory,
    private readonly intake: MessageStore,
    private readonly options: { queue: string; windowSize: number; maxUnsettled?: number },
  ) {}

  /**
   * Messages taken but not yet settled, at most: the broker's own limit per flow (AEM's
   * max-delivered-unacked-msgs-per-flow, 10,000 by default) is far above what one batch needs,
   * so the consumer stops its flow here and starts it again at half, which keeps batches full
   * while the previous one commits without holding a backlog in memory.
   */
  private get maxUnsettled() {
    return this.options.maxUnsettled ?? DEFAULT_MAX_UNSETTLED
  }

  start() {
    this.failures = 0
    this.bind()
  }

  private bind() {
    let flow: Flow
    try {
      flow = this.createFlow(flowProperties(this.options.queue, this.options.windowSize))
    } catch (error) {
      LOG.error(`cannot bind to queue ${this.options.queue}:`, error)
      this.flow = undefined
      this.rebindLater()
      return
    }
    flow.on(FlowEvent.UP, () => {
      this.bound = true
      this.failures = 0
      LOG.info(`consuming queue ${this.options.queue}`)
    })
    flow.on(FlowEvent.DOWN, () => {
      this.bound = false
      LOG.info(`stopped consuming queue ${this.options.queue}`)
    })
    // the broker took the flow down for good (queue shut down or deleted, permissions, its own
    // reconnects exhausted): bind a new one, with backoff, instead of consuming nothing silently
    flow.on(FlowEvent.DOWN_ERROR, error => {
      this.bound = false
      LOG.error(`queue ${this.options.queue} is down:`, error)
      if (this.flow === flow) this.rebindLater()
    })
    flow.on(FlowEvent.MESSAGE, message => {
      // a flow replaced or stopping: its message stays unsettled, and the broker redelivers it
      if (this.flow !== flow) return
      const handling = this.consume(message).finally(() => {
        this.inFlight.delete(handling)
        this.regulate()
      })
      this.inFlight.add(handling)
      this.regulate()
    })
    this.flow = flow
    this.stopped = false
    try {
      flow.connect()
    } catch (error) {
      LOG.error(`cannot bind to queue ${this.options.queue}:`, error)
      this.rebindLater()
    }
  }

  private rebindLater() {
    const delay = backoff(this.failures++)
    LOG.warn(`binding to queue ${this.options.queue} again in ${(delay / 1000).toFixed(1)} s`)
    this.flow = undefined
    this.rebind = setTimeout(() => {
      this.rebind = undefined
      this.bind()
    }, delay)
  }

  /** Bound to its queue and consuming */
  get consuming() {
    return this.bound
  }

  /**
   * Stops cleanly: messages being stored are settled first; anything the broker delivered
   * but not yet handed over stays unsettled and is redelivered to the next consumer.
   */
  async stop() {
    clearTimeout(this.rebind)
    this.rebind = undefined
    const flow = this.flow
    this.flow = undefined
    // nothing new while the last messages are stored
    flow?.stop()
    // messages waiting for the database give up their turn: unsettled, they are redelivered
    for (const wake of [...this.sleeping]) wake()
    await Promise.allSettled([...this.inFlight])
    flow?.disconnect()
  }

  private async consume(message: GuaranteedMessage) {
    const outcome = await this.store(message)
    if (outcome === undefined) return
    try {
      message.settle(outcome)
    } catch (error) {
      // the flow went down meanwhile: the broker redelivers the message, and intake recognises it
      LOG.warn('could not settle a message, it will be redelivered:', (error as Error).message)
    }
  }

  /**
   * Stores the message and says how to settle it. A transient failure (the database is down)
   * is never settled FAILED, which would spend the message's redeliveries and send it to the
   * dead message queue within seconds: the flow stops taking new messages, and this one is
   * tried again with backoff until it is stored. A stop meanwhile leaves it unsettled
   * (undefined), so the broker redelivers it to the next consumer.
   */
  private async store(message: GuaranteedMessage): Promise<MessageOutcome | undefined> {
    const flow = this.flow
    for (let failures = 0; ; failures++) {
      try {
        const result = await this.intake.receive(message.getBinaryAttachment() ?? '', ChannelCode.QUEUE)
        if (failures > 0) this.release()
        return result.status === 'REJECTED' ? MessageOutcome.REJECTED : MessageOutcome.ACCEPTED
      } catch (error) {
        if (failures === 0) this.hold()
        if (this.flow !== flow) {
          this.release()
          return undefined
        }
        const delay = backoff(failures)
        LOG.error(`storing message ${message.getApplicationMessageId() ?? ''} failed, consumption paused, trying again in ${(delay / 1000).toFixed(1)} s:`, error)
        await this.pause(delay)
      }
    }
  }

  private hold() {
    this.held++
    this.regulate()
  }

  private release() {
    this.held--
    this.regulate()
  }

  /**
   * Stops the current flow while a message waits to be stored again (whichever flow brought it)
   * or too many are unsettled; starts it again at half
   */
  private regulate() {
    const flow = this.flow
    if (!flow) return
    const stop = this.held > 0 || this.inFlight.size >= this.maxUnsettled
    const start = this.held === 0 && this.inFlight.size <= this.maxUnsettled / 2
    if (!this.stopped && stop) {
      this.stopped = true
      flow.stop()
    } else if (this.stopped && start) {
      this.stopped = false
      flow.start()
    }
  }

  /** Waits, unless the consumer stops first */
  private pause(ms: number) {
    return new Promise<void>(resolve => {
      const wake = () => {
        clearTimeout(timer)
        this.sleeping.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.sleeping.add(wake)
    })
  }
}
