import { dateTimeOffsetLiteral, dayOf, timeOf } from './edm-values'
import { importedService } from './csn-model'
import type { MockService } from './odata-service'
import type { Entity } from './payload'

const FIRST_NUMBER = 10000001

/**
 * API_MAINTNOTIFICATION: maintenance notifications are created and read; the server numbers
 * them (10000001, 10000002, …) and fills creation date and time, the processing phase
 * "Outstanding" and, if not given, the reporting user.
 */
export function maintNotificationService(): MockService & { notifications(): Entity[] } {
  const { model, edmx } = importedService('API_MAINTNOTIFICATION')
  const notifications: Entity[] = []
  let next = FIRST_NUMBER

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
              NotifProcessingPhase: '1',
              NotifProcessingPhaseDesc: 'Outstanding',
              CreationDate: dayOf(now),
              CreationTime: timeOf(now),
              LastChangeDate: dayOf(now),
              LastChangeTime: timeOf(now),
              LastChangeDateTime: dateTimeOffsetLiteral(now.getTime()),
            }
            notifications.push(notification)
            return notification
          },
        },
      },
    ],
    notifications: () => notifications,
    reset() {
      notifications.length = 0
      next = FIRST_NUMBER
    },
  }
}
