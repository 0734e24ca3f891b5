/**
 * The S/4 stand-in in a process of its own, for benchmarks and chaos runs that keep S/4
 * apart from the app (`npm run s4 -- --port 4005 [--host 127.0.0.1]`). It serves at the root:
 * the OData services below /sap/opu/odata/sap, the control API at /$control, the notification
 * app at /ui. The app reaches it through its S4HANA destination once `cds.requires.mocks.s4.url`
 * names it, e.g. `CDS_REQUIRES_MOCKS_S4_URL=http://127.0.0.1:4005 npm start`. With
 * `--events-url <broker> --events-user <u> --events-password <p>` it publishes business events
 * to that broker's REST interface, e.g. the app's mock broker at http://127.0.0.1:4004/mock/aem.
 */
import cds from '@sap/cds'
import express from 'express'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { mockCredentials } from '../credentials'
import type { EventTarget } from './business-events'
import { mockS4 } from './mock-s4'

const LOG = cds.log('mock-s4')

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4005' },
    host: { type: 'string', default: '127.0.0.1' },
    'events-url': { type: 'string' },
    'events-user': { type: 'string' },
    'events-password': { type: 'string' },
  },
})
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`)

function eventTarget(): EventTarget | undefined {
  const { 'events-url': url, 'events-user': username, 'events-password': password } = values
  if (url === undefined && username === undefined && password === undefined) return undefined
  if (!url || !username || !password) throw new Error('--events-url, --events-user and --events-password go together')
  if (!URL.canParse(url)) throw new Error(`--events-url must be a URL, got "${url}"`)
  return { url, username, password }
}
const target = eventTarget()

const server = express()
  .use(mockS4({ credentials: mockCredentials().s4, events: () => target }))
  .listen(port, values.host, () => {
    const { port: bound } = server.address() as AddressInfo
    // the one line a parent process waits for (see test/helpers/s4-process.ts)
    LOG.info(`S/4 stand-in listening on http://${values.host}:${bound}/sap/opu/odata/sap`)
    if (target) LOG.info(`S/4 stand-in publishes business events to ${target.url}`)
  })

const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
