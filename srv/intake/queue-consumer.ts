import cds from '@sap/cds'
import { ChannelCode } from '#cds-models/e2ba'
import { FlowEvent, flowProperties, MessageOutcome, type Flow, type FlowFactory, type GuaranteedMessage } from './guaranteed-messaging'
import type { Intake } from './intake'

const LOG = cds.log('consumer')

/**
 * Consumes the AEM queue with client acknowledgement and settles each message by what
 * became of it: ACCEPTED once stored (and its processing queued), REJECTED once an invalid
 * message is stored with its reason (the broker moves it to the dead message queue), FAILED
 * when storing failed for a transient reason (the broker redelivers it). The same code runs
 * against solclientjs and the mock broker.
 */
export class QueueConsumer {
  private flow: Flow | undefined
  /** whether the flow is bound to the queue, as the broker last said */
  private bound = false
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly createFlow: FlowFactory,
    private readonly intake: Intake,
    private readonly options: { queue: string; windowSize: number },
  ) {}

  start() {
    const flow = this.createFlow(flowProperties(this.options.queue, this.options.windowSize))
    flow.on(FlowEvent.UP, () => {
      this.bound = true
      LOG.info(`consuming queue ${this.options.queue}`)
    })
    flow.on(FlowEvent.DOWN, () => {
      this.bound = false
      LOG.info(`stopped consuming queue ${this.options.queue}`)
    })
    flow.on(FlowEvent.DOWN_ERROR, error => {
      this.bound = false
      LOG.error(`queue ${this.options.queue} is down:`, error)
    })
    flow.on(FlowEvent.MESSAGE, message => {
      const handling = this.consume(message).finally(() => this.inFlight.delete(handling))
      this.inFlight.add(handling)
    })
    flow.connect()
    this.flow = flow
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
    const flow = this.flow
    this.flow = undefined
    await Promise.allSettled([...this.inFlight])
    flow?.disconnect()
  }

  private async consume(message: GuaranteedMessage) {
    let outcome: MessageOutcome
    try {
      const result = await this.intake.receive(message.getBinaryAttachment() ?? '', ChannelCode.QUEUE)
      outcome = result.status === 'REJECTED' ? MessageOutcome.REJECTED : MessageOutcome.ACCEPTED
    } catch (error) {
      LOG.error(`storing message ${message.getApplicationMessageId() ?? ''} failed (delivery ${message.getDeliveryCount() ?? '?'}), the broker will redeliver it:`, error)
      outcome = MessageOutcome.FAILED
    }
    try {
      message.settle(outcome)
    } catch (error) {
      // the flow went down meanwhile: the broker redelivers the message, and intake recognises it
      LOG.warn('could not settle a message, it will be redelivered:', (error as Error).message)
    }
  }
}
