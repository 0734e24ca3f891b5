import cds from '@sap/cds'
import type { Application } from 'express'
import { Pipeline, type AemConfig } from './intake/pipeline'

/**
 * The server as CAP builds it, plus event intake: the webhook and (in development and tests)
 * the mock broker mount with the app; the queue consumer starts once all services are
 * served and stops with the server.
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

export default cds.server
