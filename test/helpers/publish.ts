import type { QueueState } from '../../mocks/src/broker/mock-broker'
import type { Server } from './server'
import { MOCK_PUBLISHER as publisher } from '../../scripts/scale/broker-process'

/** The mock broker's publisher credentials (cds.requires.aem.credentials, development profile) */
export { publisher }

/** Publishes as the Lambda does: AEM REST, persistent, the event id as message id */
export function publish(server: Server, body: unknown, topic = 'sitewise/anomaly/test', messageId?: string) {
  const id = messageId ?? (typeof body === 'object' && body !== null && 'id' in body ? String(body.id) : undefined)
  return server.POST(`/mock/aem/TOPIC/${topic}`, typeof body === 'string' ? body : JSON.stringify(body), {
    auth: publisher,
    headers: { 'content-type': 'application/json', 'Solace-Delivery-Mode': 'persistent', ...(id && { 'Solace-Message-ID': id }) },
    validateStatus: () => true,
  })
}

export const queueState = async (server: Server) => {
  const res = await server.GET('/mock/aem/queues', { auth: publisher })
  return (res.data as QueueState[])[0]
}
