import type { Application } from 'express'
import type { AemConfig } from '../../../srv/intake/aem-config'
import { registerBrokerConnector } from '../../../srv/intake/broker-connectors'
import { mockAemRest } from './mock-aem-rest'
import { MockBroker } from './mock-broker'

let broker: MockBroker | undefined

/** The server's mock broker (cds.requires.aem.kind `mock-aem`), for tests and the demo that inspect or disturb it */
export function mockBroker(): MockBroker {
  if (!broker) throw new Error('no mock broker: cds.requires.aem.kind is not mock-aem')
  return broker
}

/**
 * Stands in for AEM: the consumer connects to the in-process broker exactly as it connects
 * to AEM, and producers publish to its REST interface at /mock/aem as they do to AEM's.
 */
export function mountMockBroker(app: Application, config: AemConfig) {
  broker = new MockBroker()
  broker.provisionQueue(config.queue, { subscriptions: config.subscriptions ?? [], maxRedeliveries: config.maxRedeliveries ?? 3 })
  const { createMessageConsumer } = broker
  registerBrokerConnector('mock-aem', () => Promise.resolve({ createFlow: createMessageConsumer, name: 'the mock broker' }))
  const { username, password } = config.credentials ?? {}
  if (username && password) app.use('/mock/aem', mockAemRest(broker, { username, password }))
}
