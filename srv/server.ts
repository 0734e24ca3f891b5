import cds from '@sap/cds'
import type { Application } from 'express'
import { Pipeline, type AemConfig } from './intake/pipeline'
import { mocksEnabled, mountMocks, pointAtMocks } from './mocks'

/**
 * The server as CAP builds it, plus event intake: the webhook and (in development and tests)
 * the mock broker mount with the app; the queue consumer starts once all services are
 * served and stops with the server. In development and tests the mocks of the external
 * systems mount too.
 */
const config = cds.env.requires.aem as AemConfig | false | undefined
if (config) {
  const pipeline = new Pipeline(config)
  cds.on('bootstrap', (app: Application) => {
    pipeline.mount(app)
  })
  // cds awaits async listeners of 'served' and 'shutdown'
  /* eslint-disable @typescript-eslint/no-misused-promises */
  cds.on('served', () => pipeline.start())
  cds.on('shutdown', () => pipeline.stop())
  /* eslint-enable @typescript-eslint/no-misused-promises */
}

if (mocksEnabled()) {
  cds.on('bootstrap', (app: Application) => {
    mountMocks(app)
  })
  cds.on('listening', ({ url }: { url: string }) => {
    pointAtMocks(url)
  })
}

export default cds.server
