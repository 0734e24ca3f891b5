import type { QueueState } from '../../mocks/src/broker/mock-broker'
import { startStandInProcess } from './stand-in-process'

/** The mock broker's publisher: cds.requires.aem.credentials of the development profile */
export const MOCK_PUBLISHER = { username: 'publisher', password: 'publisher' }
/** the queue of cds.requires.aem (development profile) that the broker process provisions */
const QUEUE = 'e2ba/anomalies'

/**
 * The mock broker in a process of its own, as `npm run broker` starts it, on 127.0.0.1 and a
 * free port: several app processes consume its queue (`env` points one at it), and producers
 * publish to it over AEM REST.
 */
export async function startBrokerProcess(options: { partitions?: number } = {}) {
  const args = ['--port', '0', ...(options.partitions === undefined ? [] : ['--partitions', String(options.partitions)])]
  const { url, stop } = await startStandInProcess('mocks/src/broker/serve.ts', args, /mock broker listening on (http:\/\/[\d.]+:\d+)/, 'the mock broker')
  const authorization = `Basic ${Buffer.from(`${MOCK_PUBLISHER.username}:${MOCK_PUBLISHER.password}`).toString('base64')}`
  const control = async (action: 'pause' | 'resume') => {
    const response = await fetch(`${url}/queues/${encodeURIComponent(QUEUE)}/${action}`, { method: 'POST', headers: { authorization } })
    if (response.status !== 204) throw new Error(`${action} failed: HTTP ${response.status}`)
  }
  return {
    url,
    /** what points an app process at this broker */
    env: { CDS_REQUIRES_AEM_CREDENTIALS_URL: url },
    /** Publishes as the Lambda does: persistent, the event id as message id, the asset as partition key */
    async publish(event: { id: string; data: { assetId: string } }, topic = `sitewise/anomaly/${event.data.assetId}`) {
      const response = await fetch(`${url}/TOPIC/${topic}`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          'Solace-Delivery-Mode': 'persistent',
          'Solace-Message-ID': event.id,
          'Solace-User-Property-JMSXGroupID': event.data.assetId,
        },
        body: JSON.stringify(event),
      })
      if (response.status !== 200) throw new Error(`publishing failed: HTTP ${response.status} ${await response.text()}`)
    },
    /** Holds the queue's delivery back, consumers bound (a control of the stand-in), and lets it go */
    pause: () => control('pause'),
    resume: () => control('resume'),
    async queue(): Promise<QueueState> {
      const response = await fetch(`${url}/queues`, { headers: { authorization } })
      return ((await response.json()) as QueueState[])[0] as QueueState
    },
    stop,
  }
}
