/**
 * The mock broker in a process of its own, so several processor instances share one queue as
 * they share AEM (`npm run broker -- --port 4006 [--partitions 12]`). It serves AEM REST
 * messaging for producers and consumer flows over HTTP for processors (see flow-server.ts),
 * with the queue, subscriptions and credentials of `cds.requires.aem` (development profile).
 * A processor uses it once `cds.requires.aem.credentials.url` names it, e.g.
 * `CDS_REQUIRES_AEM_CREDENTIALS_URL=http://127.0.0.1:4006 npm run serve`.
 */
import cds from '@sap/cds'
import express from 'express'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import type { AemConfig } from '../../../srv/intake/aem-config'
import { provisionNotificationEvents } from '.'
import { mockAemRest } from './mock-aem-rest'
import { MockBroker } from './mock-broker'

const LOG = cds.log('mock-aem')

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4006' }, host: { type: 'string', default: '127.0.0.1' }, partitions: { type: 'string' } },
})
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`)
const config = cds.env.requires.aem as AemConfig
const partitionCount = Number(values.partitions ?? config.partitionCount ?? 0)
if (!Number.isInteger(partitionCount) || partitionCount < 0) throw new Error(`--partitions must be a count, got "${values.partitions}"`)
const { username, password } = config.credentials ?? {}
if (!username || !password) throw new Error('cds.requires.aem.credentials needs a username and password for the mock broker')

const broker = new MockBroker()
broker.provisionQueue(config.queue, { subscriptions: config.subscriptions ?? [], maxRedeliveries: config.maxRedeliveries, partitionCount })
provisionNotificationEvents(broker, config)

const server = express()
  .use(mockAemRest(broker, { username, password }))
  .listen(port, values.host, () => {
    const { port: bound } = server.address() as AddressInfo
    // the one line a parent process waits for (see scripts/scale/broker-process.ts)
    LOG.info(`mock broker listening on http://${values.host}:${bound}, queue ${config.queue} with ${partitionCount || 'no'} partitions`)
  })

const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
