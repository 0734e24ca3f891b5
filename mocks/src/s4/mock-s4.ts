import express from 'express'
import { basicAuth, type Credentials } from './basic-auth'
import { BusinessEvents, type EventTarget } from './business-events'
import { controlApi } from './control'
import { csrfProtection } from './csrf'
import { delay, injectFailures, refuseHead } from './fault-middleware'
import { Faults } from './faults'
import { HeldRequests } from './held-requests'
import { maintNotificationService } from './maint-notification'
import { notificationApp } from './notification-app'
import { ODataError, odataErrorHandler } from './odata-error'
import { odataService } from './odata-service'
import type { Entity } from './payload'
import { purchaseRequisitionService } from './purchase-requisition'
import { RequestLog } from './request-log'

export interface MockS4Options {
  credentials?: Credentials
  /** where to publish business events, asked at each event; none (the default): nothing is published */
  events?: () => EventTarget | undefined
}

export const DEFAULT_CREDENTIALS: Readonly<Credentials> = { username: 's4user', password: 's4pass' }

const ODATA = '/sap/opu/odata/sap'

/** How many documents carry each value of the property: more than 1 is a duplicate */
function countBy(entities: readonly Entity[], property: string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const entity of entities) {
    const value = entity[property]
    const key = typeof value === 'string' ? value : JSON.stringify(value ?? '')
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/**
 * A local SAP S/4HANA for development and tests: API_MAINTNOTIFICATION and
 * API_PURCHASEREQ_PROCESS_SRV as OData V2 services below `/sap/opu/odata/sap/`, checked
 * against the very model the app imported (srv/external), behind basic authentication and
 * SAP Gateway's CSRF handshake, so the SAP Cloud SDK works against it unchanged. Data lives in
 * memory. Creates and status changes of notifications publish business events to the broker
 * `options.events` names (see business-events.ts); `/ui` stands in for the notification app
 * (see notification-app.ts). `/$control` injects faults, changes notifications and shows what
 * the mock received and published (see control.ts).
 */
export function mockS4(options: MockS4Options = {}): express.Router {
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS
  const faults = new Faults()
  const held = new HeldRequests()
  const log = new RequestLog()
  const events = new BusinessEvents(options.events ?? (() => undefined))
  const notifications = maintNotificationService((operation, number) => events.notification(operation, number))
  const purchaseRequisitions = purchaseRequisitionService()
  const services = [notifications, purchaseRequisitions]

  const router = express.Router()
  router.use(log.middleware())
  router.use('/sap', delay(faults))
  // before authentication: a link to the app opens without the technical user's password
  router.use('/ui', notificationApp(notifications))
  router.use(basicAuth(credentials))
  router.use(
    '/$control',
    controlApi({
      faults,
      log,
      state: () => ({ notifications: notifications.notifications(), purchaseRequisitions: purchaseRequisitions.purchaseRequisitions() }),
      references: () => ({
        notifications: countBy(notifications.notifications(), 'MaintNotifExtReferenceNumber'),
        purchaseRequisitions: countBy(purchaseRequisitions.purchaseRequisitions(), 'PurReqnDescription'),
      }),
      notifications,
      events: () => events.list(),
      reset: () => {
        held.release()
        for (const service of services) service.reset()
        faults.reset()
        log.clear()
        events.clear()
      },
    }),
  )
  router.use(ODATA, refuseHead(faults), csrfProtection(), injectFailures(faults, held))
  for (const service of services) router.use(`${ODATA}/${service.name}`, odataService(service, { faults, held }, credentials.username))
  router.use(ODATA, (req, _res, next) => next(new ODataError(404, 'S4MOCK/NOT_FOUND', `No service at ${req.baseUrl}${req.path}`)))
  router.use(odataErrorHandler)
  return router
}
