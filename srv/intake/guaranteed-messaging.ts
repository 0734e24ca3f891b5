/**
 * The seam between the queue consumer and the broker: the few parts of solclientjs's
 * guaranteed messaging that the consumer uses. A solclientjs MessageConsumer and its messages
 * satisfy these interfaces as they are; the mock broker implements them for local runs and
 * tests, so both run the very same consumer code.
 */
import solace from 'solclientjs'

export const MessageOutcome = solace.MessageOutcome
export type MessageOutcome = solace.MessageOutcome
export const FlowEvent = solace.MessageConsumerEventName

export interface GuaranteedMessage {
  getBinaryAttachment(): Uint8Array | string | null
  getApplicationMessageId(): string | null
  getDeliveryCount(): number | undefined
  settle(outcome: MessageOutcome): void
}

/** solace.MessageConsumer, as far as the consumer uses it */
export interface Flow {
  /** MESSAGE passes a GuaranteedMessage; UP, DOWN, DOWN_ERROR and RECONNECTED pass events the consumer only logs */
  on(event: solace.MessageConsumerEventName, listener: (message: GuaranteedMessage) => void): unknown
  connect(): void
  disconnect(): void
  /** flow control: the broker delivers nothing more until start() (unsettled messages stay with the consumer) */
  stop(): void
  start(): void
}

/** The properties the consumer binds with: client acknowledgement with negative outcomes */
export const flowProperties = (queue: string, windowSize: number) => ({
  queueDescriptor: { name: queue, type: solace.QueueType.QUEUE },
  acknowledgeMode: solace.MessageConsumerAcknowledgeMode.CLIENT,
  requiredSettlementOutcomes: [solace.MessageOutcome.FAILED, solace.MessageOutcome.REJECTED],
  windowSize,
})

export type FlowProperties = ReturnType<typeof flowProperties>

/** Creates a bound consumer flow on a queue: a solclientjs session or the mock broker */
export type FlowFactory = (properties: FlowProperties) => Flow
