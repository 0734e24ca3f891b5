/**
 * The S/4 stand-in in a process of its own, for benchmarks and chaos runs that keep S/4
 * apart from the app (`npm run s4 -- --port 4005 [--host 127.0.0.1]`). It serves at the root:
 * the OData services below /sap/opu/odata/sap, the control API at /$control. The app reaches
 * it through its S4HANA destination once `cds.requires.mocks.s4.url` names it, e.g.
 * `CDS_REQUIRES_MOCKS_S4_URL=http://127.0.0.1:4005 npm start`.
 */
import cds from '@sap/cds'
import express from 'express'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { mockCredentials } from '../credentials'
import { mockS4 } from './mock-s4'

const LOG = cds.log('mock-s4')

const { values } = parseArgs({ options: { port: { type: 'string', default: '4005' }, host: { type: 'string', default: '127.0.0.1' } } })
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`)

const server = express()
  .use(mockS4({ credentials: mockCredentials().s4 }))
  .listen(port, values.host, () => {
    const { port: bound } = server.address() as AddressInfo
    // the one line a parent process waits for (see test/helpers/s4-process.ts)
    LOG.info(`S/4 stand-in listening on http://${values.host}:${bound}/sap/opu/odata/sap`)
  })

const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
