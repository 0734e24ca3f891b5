import type { Application } from 'express'
import type { AemConfig } from '../../../srv/intake/aem-config'
import { registerBrokerConnector } from '../../../srv/intake/broker-connectors'
import { instanceName } from '../../../srv/lib/instance'
import { mockAemRest } from './mock-aem-rest'
import { MockBroker } from './mock-broker'
import { remoteBroker } from './remote-broker'

let broker: MockBroker | undefined

/** The server's mock broker (cds.requires.aem.kind `mock-aem`), for tests and the demo that inspect or disturb it */
export function mockBroker(): MockBroker {
  if (!broker) throw new Error('no mock broker: cds.requires.aem.kind is not mock-aem')
  return broker
}

/**
 * Stands in for AEM: the consumer connects to the in-process broker exactly as it connects
 * to AEM, and producers publish to its REST interface at /mock/aem as they do to AEM's. When
 * `credentials.url` names a mock broker in a process of its own (`npm run broker`), the
 * consumer binds there instead, as one of several instances, under the instance's name.
 */
export function mountMockBroker(app: Application, config: AemConfig) {
  const url = config.credentials?.url
  if (url) {
    registerBrokerConnector('mock-aem', () => Promise.resolve(remoteBroker(url, config.credentials ?? {}, instanceName())))
    return
  }
  broker = new MockBroker()
  broker.provisionQueue(config.queue, { subscriptions: config.subscriptions ?? [], maxRedeliveries: config.maxRedeliveries ?? 3, partitionCount: config.partitionCount ?? 0 })
  provisionNotificationEvents(broker, config)
  const { createMessageConsumer } = broker
  registerBrokerConnector('mock-aem', () => Promise.resolve({ createFlow: createMessageConsumer, name: 'the mock broker' }))
  const { username, password } = config.credentials ?? {}
  if (username && password) app.use('/mock/aem', mockAemRest(broker, { username, password }))
}

/** The queue of S/4's notification events, as AEM has it subscribed to the S/4 system's topics */
export function provisionNotificationEvents(broker: MockBroker, config: AemConfig) {
  const events = config.notificationEvents
  if (events?.queue) broker.provisionQueue(events.queue, { subscriptions: events.subscriptions ?? [], maxRedeliveries: config.maxRedeliveries ?? 3 })
}
