import { EventEmitter } from 'node:events'
import { FlowEvent, flowProperties, MessageOutcome, type Flow, type GuaranteedMessage } from '../../srv/intake/guaranteed-messaging'
import type { Intake } from '../../srv/intake/intake'
import { QueueConsumer } from '../../srv/intake/queue-consumer'
import type { Outcome } from '../../srv/intake/store-events'
import { MockBroker } from '../../mocks/src/broker/mock-broker'
import { eventually } from '../helpers/eventually'

const QUEUE = 'e2ba/test'

const brokerWithQueue = (maxRedeliveries = 2) => {
  const broker = new MockBroker()
  broker.provisionQueue(QUEUE, { subscriptions: ['sitewise/anomaly/>', 'plant/*/alarms'], maxRedeliveries })
  return broker
}

const publish = (broker: MockBroker, text: string, topic = 'sitewise/anomaly/motor') => broker.publish({ type: 'TOPIC', name: topic }, Buffer.from(text), text)

/** An intake that answers by script: the outcome for a body, or an error (a transient failure) */
const scriptedIntake = (answer: (body: string, call: number) => Outcome['status'] | Error) => {
  let calls = 0
  return {
    receive: (body: Uint8Array | string) => {
      const text = typeof body === 'string' ? body : Buffer.from(body).toString()
      const result = answer(text, ++calls)
      if (result instanceof Error) return Promise.reject(result)
      return Promise.resolve({ status: result, eventId: text, reason: 'test', eventStatus: 'RECEIVED' } as Outcome)
    },
  } as unknown as Intake
}

const queue = (broker: MockBroker) => broker.state()[0] as ReturnType<MockBroker['state']>[number]

describe('QueueConsumer on the mock broker', () => {
  it('accepts stored messages: they leave the queue', async () => {
    const broker = brokerWithQueue()
    const consumer = new QueueConsumer(broker.createMessageConsumer, scriptedIntake(() => 'ACCEPTED'), { queue: QUEUE, windowSize: 8 })
    consumer.start()
    for (let i = 0; i < 20; i++) publish(broker, `m${i}`)
    await eventually(() => expect(queue(broker)).toMatchObject({ depth: 0, unsettled: 0, accepted: 20 }))
    await consumer.stop()
  })

  it('holds a message through a transient failure, pausing the flow, and stores it once the database is back: no redelivery spent', async () => {
    const broker = brokerWithQueue()
    const consumer = new QueueConsumer(broker.createMessageConsumer, scriptedIntake((_, call) => (call === 1 ? new Error('database unavailable') : 'ACCEPTED')), { queue: QUEUE, windowSize: 8 })
    consumer.start()
    publish(broker, 'flaky')
    await eventually(() => expect(queue(broker)).toMatchObject({ delivered: 1, accepted: 1, depth: 0, deadMessageQueue: [] }), 5000)
    await consumer.stop()
  })

  it('sends nothing to the dead message queue while the database stays down, and takes no new messages meanwhile', async () => {
    const broker = brokerWithQueue(2)
    let databaseDown = true
    const calls: string[] = []
    const consumer = new QueueConsumer(
      broker.createMessageConsumer,
      scriptedIntake(body => {
        calls.push(body)
        return databaseDown ? new Error('database unavailable') : 'ACCEPTED'
      }),
      { queue: QUEUE, windowSize: 8 },
    )
    consumer.start()
    publish(broker, 'first')
    await eventually(() => expect(calls).toEqual(['first']))
    for (let i = 0; i < 10; i++) publish(broker, `later ${i}`)
    // three tries over about three seconds: still the one message, nothing settled, nothing dead
    await eventually(() => expect(calls.length).toBeGreaterThanOrEqual(3), 10_000)
    expect(new Set(calls)).toEqual(new Set(['first']))
    expect(queue(broker)).toMatchObject({ delivered: 1, depth: 10, unsettled: 1, deadMessageQueue: [] })

    databaseDown = false
    await eventually(() => expect(queue(broker)).toMatchObject({ accepted: 11, depth: 0, unsettled: 0, deadMessageQueue: [] }), 10_000)
    expect(queue(broker).delivered).toBe(11)
    await consumer.stop()
  }, 30_000)

  it('leaves a held message unsettled when it stops, so the broker redelivers it to the next consumer', async () => {
    const broker = brokerWithQueue()
    const down = new QueueConsumer(broker.createMessageConsumer, scriptedIntake(() => new Error('database unavailable')), { queue: QUEUE, windowSize: 8 })
    down.start()
    publish(broker, 'held')
    await eventually(() => expect(queue(broker)).toMatchObject({ unsettled: 1 }))
    await down.stop()
    expect(queue(broker)).toMatchObject({ depth: 1, unsettled: 0, accepted: 0, deadMessageQueue: [] })

    const next = new QueueConsumer(broker.createMessageConsumer, scriptedIntake(() => 'ACCEPTED'), { queue: QUEUE, windowSize: 8 })
    next.start()
    await eventually(() => expect(queue(broker)).toMatchObject({ depth: 0, accepted: 1 }))
    await next.stop()
  })

  it('rejects invalid messages straight to the dead message queue', async () => {
    const broker = brokerWithQueue()
    const consumer = new QueueConsumer(broker.createMessageConsumer, scriptedIntake(body => (body === 'bad' ? 'REJECTED' : 'ACCEPTED')), { queue: QUEUE, windowSize: 8 })
    consumer.start()
    publish(broker, 'bad')
    publish(broker, 'good')
    await eventually(() => expect(queue(broker)).toMatchObject({ accepted: 1, deadMessageQueue: [expect.objectContaining({ applicationMessageId: 'bad', deliveryCount: 1, outcome: 'REJECTED' })] }))
    await consumer.stop()
  })

  it('holds at most maxUnsettled messages: it stops its flow there and starts it again at half', async () => {
    const broker = brokerWithQueue()
    const pending: (() => void)[] = []
    const slowIntake = {
      receive: (body: Uint8Array | string) =>
        new Promise<Outcome>(resolve => {
          pending.push(() => resolve({ status: 'ACCEPTED', eventId: String(body), eventStatus: 'RECEIVED' }))
        }),
    } as unknown as Intake
    const consumer = new QueueConsumer(broker.createMessageConsumer, slowIntake, { queue: QUEUE, windowSize: 1, maxUnsettled: 10 })
    consumer.start()
    for (let i = 0; i < 30; i++) publish(broker, `m${i}`)
    await eventually(() => expect(pending).toHaveLength(10))
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(queue(broker)).toMatchObject({ unsettled: 10, depth: 20 })
    // settling 4 leaves 6, above half: still stopped; the fifth reaches half and the flow starts again
    pending.splice(0, 4).forEach(settle => settle())
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(queue(broker)).toMatchObject({ accepted: 4, depth: 20 })
    pending.splice(0, 1)[0]?.()
    await eventually(() => expect(queue(broker)).toMatchObject({ accepted: 5, unsettled: 10, depth: 15 }))
    while (pending.length || queue(broker).depth) {
      pending.splice(0).forEach(settle => settle())
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    await eventually(() => expect(queue(broker)).toMatchObject({ accepted: 30, unsettled: 0 }))
    await consumer.stop()
  })
})

describe('QueueConsumer when the broker ends its flow', () => {
  it('binds again after DOWN_ERROR, with backoff, and consumes what arrived meanwhile', async () => {
    const broker = brokerWithQueue()
    const consumer = new QueueConsumer(broker.createMessageConsumer, scriptedIntake(() => 'ACCEPTED'), { queue: QUEUE, windowSize: 8 })
    consumer.start()
    await eventually(() => expect(consumer.consuming).toBe(true))
    broker.failFlows()
    await eventually(() => expect(consumer.consuming).toBe(false))
    publish(broker, 'while down')
    // nothing consumes until the new flow is bound, about a second later
    expect(queue(broker)).toMatchObject({ depth: 1, accepted: 0 })
    await eventually(() => expect(queue(broker)).toMatchObject({ depth: 0, accepted: 1 }), 5000)
    expect(consumer.consuming).toBe(true)
    await consumer.stop()
  })

  it('keeps trying while the flow cannot even be created, and stops trying when stopped', async () => {
    const broker = brokerWithQueue()
    let attempts = 0
    const flaky = (properties: Parameters<typeof broker.createMessageConsumer>[0]) => {
      if (++attempts < 3) throw new Error('session is down')
      return broker.createMessageConsumer(properties)
    }
    const consumer = new QueueConsumer(flaky, scriptedIntake(() => 'ACCEPTED'), { queue: QUEUE, windowSize: 8 })
    consumer.start()
    publish(broker, 'eventually')
    await eventually(() => expect(queue(broker)).toMatchObject({ accepted: 1 }), 10_000)
    expect(attempts).toBe(3)
    await consumer.stop()

    const stopped = new QueueConsumer(() => {
      attempts++
      throw new Error('session is down')
    }, scriptedIntake(() => 'ACCEPTED'), { queue: QUEUE, windowSize: 8 })
    attempts = 0
    stopped.start()
    await stopped.stop()
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect(attempts).toBe(1)
  }, 20_000)
})

describe('QueueConsumer flow control across a rebind', () => {
  /** A flow whose events the test emits itself, recording the consumer's flow control */
  class ScriptedFlow extends EventEmitter {
    stopped = false
    connect = () => undefined
    disconnect = () => undefined
    stop = () => {
      this.stopped = true
    }
    start = () => {
      this.stopped = false
    }
  }
  const message = (body: string): GuaranteedMessage => ({ getBinaryAttachment: () => body, getApplicationMessageId: () => body, getDeliveryCount: () => 1, settle: () => undefined })

  afterEach(() => {
    jest.useRealTimers()
    jest.restoreAllMocks()
  })

  it('starts the new flow again once a message held on the old one is stored', async () => {
    jest.useFakeTimers()
    // the held message's retry comes after the rebind: 1.2 s against 0.8 s
    jest.spyOn(Math, 'random').mockReturnValueOnce(1).mockReturnValueOnce(0)
    const flows: ScriptedFlow[] = []
    const consumer = new QueueConsumer(
      () => {
        flows.push(new ScriptedFlow())
        return flows.at(-1) as unknown as Flow
      },
      scriptedIntake((_, call) => (call === 1 ? new Error('database unavailable') : 'ACCEPTED')),
      { queue: QUEUE, windowSize: 8 },
    )
    consumer.start()
    const [old] = flows as [ScriptedFlow]
    old.emit(FlowEvent.MESSAGE, message('held'))
    await jest.advanceTimersByTimeAsync(0)
    expect(old.stopped).toBe(true)
    old.emit(FlowEvent.DOWN_ERROR, { infoStr: 'queue shut down' })
    // the new flow is bound while the message is still held: it takes one message, then stops
    await jest.advanceTimersByTimeAsync(800)
    const next = flows[1] as ScriptedFlow
    next.emit(FlowEvent.MESSAGE, message('next'))
    await jest.advanceTimersByTimeAsync(0)
    expect(next.stopped).toBe(true)
    // the held message is stored at its retry: nothing is held any more, so the new flow goes on
    await jest.advanceTimersByTimeAsync(400)
    expect(next.stopped).toBe(false)
    await consumer.stop()
  })
})

describe('MockBroker semantics', () => {
  it('routes topics by subscription: * is one level, > the rest', () => {
    const broker = brokerWithQueue()
    expect(publish(broker, 'a', 'sitewise/anomaly/plant1/motor3')).toBe(1)
    expect(publish(broker, 'b', 'plant/1010/alarms')).toBe(1)
    expect(publish(broker, 'c', 'plant/1010/line1/alarms')).toBe(0)
    expect(publish(broker, 'd', 'sitewise/anomaly')).toBe(0)
    expect(queue(broker).depth).toBe(2)
  })

  it("never has more unsettled messages on a flow than the queue's max-delivered-unacked-msgs-per-flow", async () => {
    const broker = new MockBroker()
    broker.provisionQueue(QUEUE, { subscriptions: ['sitewise/anomaly/>'], maxDeliveredUnackedMsgsPerFlow: 3 })
    const flow = broker.createMessageConsumer(flowProperties(QUEUE, 255))
    const received: GuaranteedMessage[] = []
    flow.on(FlowEvent.MESSAGE, message => received.push(message))
    flow.connect()
    for (let i = 0; i < 10; i++) publish(broker, `m${i}`)
    await eventually(() => expect(received).toHaveLength(3))
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(received).toHaveLength(3)
    received[0]?.settle(MessageOutcome.ACCEPTED)
    await eventually(() => expect(received).toHaveLength(4))
    expect(() => received[0]?.settle(MessageOutcome.ACCEPTED)).toThrow(/already settled/)
    flow.disconnect()
  })

  it('redelivers unsettled messages when a flow goes down, with a higher delivery count', async () => {
    const broker = brokerWithQueue()
    const first = broker.createMessageConsumer(flowProperties(QUEUE, 5))
    const before: GuaranteedMessage[] = []
    first.on(FlowEvent.MESSAGE, message => before.push(message))
    first.connect()
    publish(broker, 'in-flight')
    await eventually(() => expect(before).toHaveLength(1))
    first.disconnect()

    const second = broker.createMessageConsumer(flowProperties(QUEUE, 5))
    const after: GuaranteedMessage[] = []
    second.on(FlowEvent.MESSAGE, message => after.push(message))
    second.connect()
    await eventually(() => expect(after).toHaveLength(1))
    expect(after[0]?.getApplicationMessageId()).toBe('in-flight')
    expect(after[0]?.getDeliveryCount()).toBe(2)
    expect(() => before[0]?.settle(MessageOutcome.ACCEPTED)).toThrow(/flow is down/)
    second.disconnect()
  })
})
