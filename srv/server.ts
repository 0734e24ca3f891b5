import cds from '@sap/cds'
import type { Application, NextFunction, Request, Response } from 'express'
import type { AemConfig } from './intake/aem-config'
import { Pipeline } from './intake/pipeline'
import { stopBeforeDatabase } from './lib/orderly-shutdown'
import { checkRequiredBindings } from './lib/required-bindings'
import { readiness } from './readiness'
import { NotificationStatusSync } from './status/notification-status-sync'

/**
 * The server as CAP builds it, plus event intake: the webhook mounts with the app; the queue
 * consumer starts once all services are served and stops with the server. The local
 * stand-ins join in development and tests as a plugin of their own (mocks/).
 */
if (cds.env.profiles.includes('production')) checkRequiredBindings()

// the status of the S/4 notifications comes back to their incidents (events and polling)
const statusSync = new NotificationStatusSync()
cds.on('served', () => statusSync.start())
stopBeforeDatabase('notificationStatus', () => statusSync.stop())

const config = cds.env.requires.aem as AemConfig | false | undefined
const pipeline = config ? new Pipeline(config, () => statusSync.offer()) : undefined
cds.on('bootstrap', (app: Application) => {
  // public, as platform health checks are; says UP or DOWN and nothing else
  app.get('/ready', readiness(() => pipeline?.ready ?? true))
})
if (pipeline) {
  cds.on('bootstrap', (app: Application) => {
    pipeline.mount(app)
  })
  // cds awaits async listeners of 'served'
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  cds.on('served', () => pipeline.start())
  stopBeforeDatabase('intake', () => pipeline.stop())
}

// locally, the Fiori apps are served by this server (cds-plugin-ui5); in the cloud, by Work Zone
if (!cds.env.profiles.includes('production')) {
  cds.on('bootstrap', (app: Application) => {
    app.use(appRelativeServices)
  })
}

/**
 * The Fiori apps address their services relative to themselves (`odata/v4/…`), as SAP Build
 * Work Zone needs: its approuter routes `<app>/odata/…` to this service (xs-app.json). Served
 * locally at `/<app>/`, the same requests are routed here.
 */
function appRelativeServices(req: Request, _res: Response, next: NextFunction) {
  const app = /^\/[\w-]+(?=\/odata\/)/.exec(req.url)
  if (app) req.url = req.url.slice(app[0].length)
  next()
}

export default cds.server
