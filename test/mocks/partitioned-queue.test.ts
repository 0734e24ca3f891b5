import { FlowEvent, flowProperties, MessageOutcome, type GuaranteedMessage } from '../../srv/intake/guaranteed-messaging'
import express from 'express'
import { mockAemRest } from '../../mocks/src/broker/mock-aem-rest'
import { MockBroker } from '../../mocks/src/broker/mock-broker'
import { MOCK_PUBLISHER } from '../../scripts/scale/broker-process'
import { eventually } from '../helpers/eventually'
import { basic, listen, stop } from '../helpers/s4-stand-in'

const QUEUE = 'e2ba/partitioned'
const PARTITIONS = 6

/** A flow that records what it receives, by partition key, and settles only when told */
function consumer(broker: MockBroker, name: string) {
  const flow = broker.createMessageConsumer(flowProperties(QUEUE, 255), name)
  const received: { key: string; seq: number; message: GuaranteedMessage }[] = []
  flow.on(FlowEvent.MESSAGE, message => {
    const [key, seq] = Buffer.from(message.getBinaryAttachment() as Uint8Array).toString().split('#')
    received.push({ key: key as string, seq: Number(seq), message })
  })
  flow.connect()
  const settleAll = () => received.splice(0).forEach(r => r.message.settle(MessageOutcome.ACCEPTED))
  return { flow, received, settleAll, keys: () => new Set(received.map(r => r.key)) }
}

const publish = (broker: MockBroker, key: string, seq: number) =>
  broker.publish({ type: 'TOPIC', name: 'sitewise/anomaly/x' }, Buffer.from(`${key}#${seq}`), `${key}#${seq}`, { JMSXGroupID: key })

const partitionOf = (broker: MockBroker, key: string) => broker.partitionOf(QUEUE, key)

const state = (broker: MockBroker) => broker.state()[0] as ReturnType<MockBroker['state']>[number]
const keys = Array.from({ length: 24 }, (_, i) => `asset-${i}`)

describe('a partitioned queue on the mock broker (AEM semantics)', () => {
  let broker: MockBroker
  beforeEach(() => {
    broker = new MockBroker()
    broker.provisionQueue(QUEUE, { subscriptions: ['sitewise/anomaly/>'], partitionCount: PARTITIONS, maxHandoffMs: 60_000 })
  })

  it('delivers each partition key to one consumer only, in publication order', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map(name => consumer(broker, name))
    for (let seq = 0; seq < 5; seq++) for (const key of keys) publish(broker, key, seq)
    await eventually(() => expect([a, b, c].reduce((n, x) => n + (x?.received.length ?? 0), 0)).toBe(keys.length * 5))
    for (const x of [a, b, c]) {
      for (const other of [a, b, c]) if (other !== x) for (const key of x?.keys() ?? []) expect(other?.keys().has(key)).toBe(false)
      for (const key of x?.keys() ?? []) {
        const order = x?.received.filter(r => r.key === key).map(r => r.seq)
        expect(order).toEqual([0, 1, 2, 3, 4])
      }
    }
    expect(state(broker).consumers.map(c => c.partitions.length).sort()).toEqual([2, 2, 2])
    for (const x of [a, b, c]) x?.flow.disconnect()
  })

  it("hands a partition to a joining consumer only once its old consumer settled what it had, and a leaving consumer's partitions to the others at once", async () => {
    const a = consumer(broker, 'a')
    for (const key of keys) publish(broker, key, 0)
    await eventually(() => expect(a.received).toHaveLength(keys.length))
    const b = consumer(broker, 'b')
    for (const key of keys) publish(broker, key, 1)
    // a still holds seq 0 of every key unsettled: the partitions that move to b wait, those a keeps go on
    const kept = keys.filter(key => state(broker).consumers.find(c => c.name === 'a')?.partitions.some(p => partitionOf(broker, key) === p))
    await eventually(() => expect(a.received.filter(r => r.seq === 1)).toHaveLength(kept.length))
    expect(b.received).toHaveLength(0)
    const keptByA = new Set(a.received.filter(r => r.seq === 1).map(r => r.key))
    expect(keptByA.size).toBeGreaterThan(0)
    expect(keptByA.size).toBeLessThan(keys.length)
    a.settleAll()
    await eventually(() => expect(keptByA.size + b.received.length).toBe(keys.length))
    expect([...b.keys()].some(key => keptByA.has(key))).toBe(false)
    expect(state(broker).consumers.find(c => c.name === 'b')?.partitions).toHaveLength(PARTITIONS / 2)
    b.settleAll()

    // a leaves with messages unsettled: they go to b, which now holds every partition
    for (const key of keys) publish(broker, key, 2)
    await eventually(() => expect(a.received.length + b.received.length).toBe(keys.length))
    const returned = a.received.map(r => `${r.key}#${r.seq}`)
    expect(returned.length).toBeGreaterThan(0)
    a.flow.disconnect()
    await eventually(() => expect(b.received.length).toBe(keys.length))
    expect(returned.every(id => b.received.some(r => `${r.key}#${r.seq}` === id))).toBe(true)
    expect(state(broker).consumers.find(c => c.name === 'b')?.partitions).toHaveLength(PARTITIONS)
    b.flow.disconnect()
  })

  it('spreads messages without a partition key round robin', async () => {
    const flows = ['a', 'b', 'c'].map(name => consumer(broker, name))
    for (let i = 0; i < PARTITIONS * 2; i++) broker.publish({ type: 'TOPIC', name: 'sitewise/anomaly/x' }, Buffer.from(`none#${i}`))
    await eventually(() => expect(flows.map(f => f.received.length)).toEqual([4, 4, 4]))
    for (const f of flows) f.flow.disconnect()
  })

  it('moves only the partitions of a consumer that leaves: the others keep theirs', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map(name => consumer(broker, name)) as [ReturnType<typeof consumer>, ReturnType<typeof consumer>, ReturnType<typeof consumer>]
    const before = new Map(state(broker).consumers.map(x => [x.name, x.partitions]))
    expect([...before.values()].map(p => p.length)).toEqual([2, 2, 2])
    b.flow.disconnect()
    await eventually(() => expect(state(broker).consumers.filter(x => x.partitions.length).map(x => x.partitions.length)).toEqual([3, 3]))
    const after = new Map(state(broker).consumers.map(x => [x.name, x.partitions]))
    for (const name of ['a', 'c']) expect(after.get(name)).toEqual(expect.arrayContaining(before.get(name) ?? []))
    a.flow.disconnect()
    c.flow.disconnect()
  })
})

describe('the partition key over AEM REST', () => {
  it('takes the user property JMSXGroupID from its Solace-User-Property- header, its case kept', async () => {
    const broker = new MockBroker()
    broker.provisionQueue(QUEUE, { subscriptions: ['sitewise/anomaly/>'], partitionCount: PARTITIONS })
    const { server, url } = await listen(express().use(mockAemRest(broker, MOCK_PUBLISHER)))
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${url}/TOPIC/sitewise/anomaly/x`, {
          method: 'POST',
          headers: { authorization: basic(MOCK_PUBLISHER.username, MOCK_PUBLISHER.password), 'Solace-Delivery-Mode': 'persistent', ...headers },
          body: '{}',
        })
      for (let i = 0; i < 5; i++) expect((await post({ 'Solace-User-Property-JMSXGroupID': 'motor-7' })).status).toBe(200)
      const depths = state(broker).partitionDepths
      expect(depths[broker.partitionOf(QUEUE, 'motor-7')]).toBe(5)
      expect(depths.reduce((n, d) => n + d, 0)).toBe(5)
      // another property, or the key in another case, is no partition key: spread round robin
      for (let i = 0; i < PARTITIONS; i++) await post({ 'Solace-User-Property-jmsxgroupid': 'motor-7', 'Solace-User-Property-Shift': 'B' })
      expect(state(broker).partitionDepths.filter(d => d >= 1)).toHaveLength(PARTITIONS)
    } finally {
      await stop(server)
    }
  })
})
