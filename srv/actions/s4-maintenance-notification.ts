import { MaintenanceNotification } from '#cds-models/API_MAINTNOTIFICATION'
import { Incidents } from '#cds-models/e2ba'
import type { AnomalyEvent } from '#contract'
import { fallbackSummary } from './ai-summary'
import type { AssetMaster } from './asset-master'
import { excerpt } from './call-failure'
import { StepFailure, type Executor, type StepContext } from './executor'
import { dateAndTime, externalReference } from './external-reference'
import { cut, shortText } from './notification-texts'
import { onS4 } from './s4-service'

const LONG_TEXT_MAX = 1333

/** The fields of a MaintenanceNotification this action writes; never read-only ones */
export type NotificationPayload = Pick<
  MaintenanceNotification,
  | 'NotificationText'
  | 'MaintNotifLongTextForEdit'
  | 'NotificationType'
  | 'MaintPriority'
  | 'TechnicalObject'
  | 'TechObjIsEquipOrFuncnlLoc'
  | 'MalfunctionStartDate'
  | 'MalfunctionStartTime'
  | 'MaintNotifExtReferenceNumber'
>

/**
 * Creates a Plant Maintenance notification in S/4HANA (API_MAINTNOTIFICATION) for the
 * event's incident, at most once: the incident's external reference is looked up first, so
 * a retry after a lost response finds the notification instead of creating another. The
 * number is this step's output, recorded on the incident with the step's success.
 */
export const s4MaintenanceNotification: Executor = async context => {
  const { incident, event } = context
  if (!incident) throw new StepFailure('a maintenance notification needs the event to belong to an incident', true)
  const reference = externalReference(incident.ID)

  const found = await onS4<MaintenanceNotification | undefined>(context, 'API_MAINTNOTIFICATION', { what: `lookup of notification ${reference}` }, s4 =>
    s4.run(SELECT.one.from(MaintenanceNotification).columns('MaintenanceNotification').where({ MaintNotifExtReferenceNumber: reference })),
  )
  if (found?.MaintenanceNotification) {
    const number = found.MaintenanceNotification
    return { output: { notificationNumber: number, reused: true }, response: `found notification ${number} by reference ${reference}`, record: () => recordOnIncident(incident.ID, number, context.action.ID) }
  }

  const payload = notificationPayload(event, context, reference, context.asset)
  const created = await onS4<MaintenanceNotification | undefined>(context, 'API_MAINTNOTIFICATION', { what: `create of notification ${reference}`, write: true }, s4 =>
    s4.run(INSERT.into(MaintenanceNotification).entries(payload)),
  )
  const number = created?.MaintenanceNotification
  if (!number) throw new StepFailure(`S/4 answered without a notification number: ${excerpt(created, 300)}`, true)
  return { output: { notificationNumber: number, reused: false }, request: excerpt(payload), response: excerpt(created), record: () => recordOnIncident(incident.ID, number, context.action.ID) }
}

/** The notification as it is sent; exported for the dry run, which shows it without sending */
export function notificationPayload(
  event: AnomalyEvent,
  context: Pick<StepContext, 'action' | 'outputs'>,
  reference: string,
  asset: AssetMaster | undefined,
): NotificationPayload {
  const { action } = context
  const objectType = typeof action.technicalObjectType_code === 'string' ? action.technicalObjectType_code : 'EAMS_EQUI'
  const technicalObject = (objectType === 'EAMS_FL' ? asset?.functionalLocation : asset?.equipment) ?? event.data.equipment ?? undefined
  const { date, time } = dateAndTime(event.data.windowStart)
  return {
    NotificationText: shortText(event),
    MaintNotifLongTextForEdit: cut(longText(event, context, reference), LONG_TEXT_MAX),
    ...(typeof action.notificationType_code === 'string' && { NotificationType: action.notificationType_code }),
    ...(typeof action.priority_code === 'string' && { MaintPriority: action.priority_code }),
    ...(technicalObject && { TechnicalObject: technicalObject, TechObjIsEquipOrFuncnlLoc: objectType }),
    MalfunctionStartDate: date,
    MalfunctionStartTime: time,
    MaintNotifExtReferenceNumber: reference,
  }
}

/** The summary of an earlier step (the AI summary), else the event described plainly */
function longText(event: AnomalyEvent, context: Pick<StepContext, 'outputs'>, reference: string) {
  const summaries = Object.values(context.outputs.PRE ?? {})
    .map(output => (output as { summary?: unknown } | null)?.summary)
    .filter((summary): summary is string => typeof summary === 'string' && summary.length > 0)
  const summary = summaries.at(-1) ?? fallbackSummary(event)
  return `${summary}\n\nProperty: ${event.data.propertyAlias ?? event.data.propertyId ?? '-'}\nEvent: ${event.id}\nReference: ${reference}`
}

/** The number, and the action whose destination the notification's status is read from (srv/status) */
const recordOnIncident = (incidentID: string, notificationNumber: string, actionID: string) =>
  UPDATE(Incidents, incidentID).with({ notificationNumber, notificationAction_ID: actionID })
