import { spawn } from 'node:child_process'
import path from 'node:path'
import type { QueueState } from '../../mocks/src/broker/mock-broker'
import { stopGracefully } from '../../scripts/demo/processor-server'
import { listeningOrigin } from './listening'
import { publisher } from './publish'

const ROOT = path.join(__dirname, '..', '..')

/**
 * The mock broker in a process of its own, as `npm run broker` starts it, on 127.0.0.1 and a
 * free port: several app processes consume its queue (`env` points one at it), and producers
 * publish to it over AEM REST.
 */
export async function startBrokerProcess(options: { partitions?: number } = {}) {
  const args = ['--disable-warning=ExperimentalWarning', '--import', 'tsx', 'mocks/src/broker/serve.ts', '--port', '0']
  if (options.partitions !== undefined) args.push('--partitions', String(options.partitions))
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.NODE_ENV
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const url = await listeningOrigin(child, /mock broker listening on (http:\/\/[\d.]+:\d+)/, 'the mock broker')
  const authorization = `Basic ${Buffer.from(`${publisher.username}:${publisher.password}`).toString('base64')}`
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
    async queue(): Promise<QueueState> {
      const response = await fetch(`${url}/queues`, { headers: { authorization } })
      return ((await response.json()) as QueueState[])[0] as QueueState
    },
    stop: () => stopGracefully(child),
  }
}
