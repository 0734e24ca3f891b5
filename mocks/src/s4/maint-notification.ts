import type { NotificationOperation } from './business-events'
import { importedService } from './csn-model'
import { dayOf, timeOf } from './edm-values'
import { changeTime, complete, lastChange, PHASES, setInProcess, type CompletionReference } from './notification-status'
import type { MockService } from './odata-service'
import type { Entity } from './payload'

const FIRST_NUMBER = 10000001

/** Told of every create, status change and deletion, after it happened: where business events start */
export type NotificationListener = (operation: NotificationOperation, number: string) => void

/** The notifications as tests and the control API change them, beside the OData service */
export interface NotificationStore {
  notifications(): Entity[]
  /** the notification of this number (leading zeros or not), if there is one */
  find(number: string): Entity | undefined
  /** these answer the changed (or deleted) notification, undefined if there is none of this number */
  complete(number: string): Entity | undefined
  setInProcess(number: string): Entity | undefined
  remove(number: string): Entity | undefined
}

/** S/4 numbers carry leading zeros inside (ALPHA conversion), not in the API */
const external = (number: string) => number.replace(/^0+(?=\d)/, '')

/**
 * API_MAINTNOTIFICATION: maintenance notifications are created and read; the server numbers
 * them (10000001, 10000002, …) and fills creation date and time, the processing phase
 * "Outstanding" and, if not given, the reporting user. The actions CompleteMaintNotification and
 * SetMaintNotifToInProcess change the phase (see notification-status.ts); tests also delete.
 */
export function maintNotificationService(listener: NotificationListener = () => undefined): MockService & NotificationStore {
  const { model, edmx } = importedService('API_MAINTNOTIFICATION')
  let notifications: Entity[] = []
  let next = FIRST_NUMBER

  const find = (number: string) => notifications.find(notification => notification.MaintenanceNotification === external(number))
  /** Applies the change to the notification and tells the listener */
  const change = (notification: Entity, operation: NotificationOperation, apply: (notification: Entity) => void) => {
    apply(notification)
    listener(operation, String(notification.MaintenanceNotification))
    return notification
  }
  const changeNumber = (number: string, operation: NotificationOperation, apply: (notification: Entity) => void) => {
    const notification = find(number)
    return notification && change(notification, operation, apply)
  }

  return {
    name: 'API_MAINTNOTIFICATION',
    edmx,
    model,
    sets: [
      {
        name: 'MaintenanceNotification',
        list: () => notifications,
        expandable: [],
        create: {
          rules: { serverKeys: ['MaintenanceNotification'] },
          store(entity, { user, now }) {
            const number = String(next++)
            const notification: Entity = {
              NotificationCreationDate: dayOf(now),
              NotificationCreationTime: timeOf(now),
              ReportedByUser: user.toUpperCase().slice(0, 12),
              ...entity,
              MaintenanceNotification: number,
              MaintNotifInternalID: `QM${number.padStart(12, '0')}`,
              ...PHASES.outstanding,
              CreationDate: dayOf(now),
              CreationTime: timeOf(now),
              ...lastChange(changeTime(undefined, now)),
            }
            notifications.push(notification)
            listener('Created', number)
            return notification
          },
        },
        actions: {
          CompleteMaintNotification: (notification, parameters: CompletionReference, { now }) => change(notification, 'Completed', found => complete(found, now, parameters)),
          SetMaintNotifToInProcess: (notification, _parameters, { now }) => change(notification, 'Changed', found => setInProcess(found, now)),
        },
      },
    ],
    notifications: () => notifications,
    find,
    complete: number => changeNumber(number, 'Completed', notification => complete(notification, new Date())),
    setInProcess: number => changeNumber(number, 'Changed', notification => setInProcess(notification, new Date())),
    remove: number =>
      changeNumber(number, 'Deleted', notification => {
        notifications = notifications.filter(other => other !== notification)
      }),
    reset() {
      notifications = []
      next = FIRST_NUMBER
    },
  }
}
