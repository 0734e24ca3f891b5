import { Incidents } from '#cds-models/e2ba'
import type { AnomalyEvent } from '#contract'
import { inOwnTransaction } from '../lib/own-transaction'
import { fallbackSummary } from './ai-summary'
import { assetMaster, type AssetMaster } from './asset-master'
import { callDestination, excerpt } from './destination-call'
import { StepFailure, type Executor, type StepContext } from './executor'
import { externalReference, odataDateTime, odataString } from './external-reference'
import { cut, shortText } from './notification-texts'

const LONG_TEXT_MAX = 1333

/** The fields of API_MAINTNOTIFICATION's MaintenanceNotification this action writes; never read-only ones */
interface NotificationPayload {
  NotificationText: string
  MaintNotifLongTextForEdit: string
  NotificationType?: string
  MaintPriority?: string
  TechnicalObject?: string
  TechObjIsEquipOrFuncnlLoc?: string
  MalfunctionStartDate: string
  MalfunctionStartTime: string
  MaintNotifExtReferenceNumber: string
}

interface ODataV2<T> {
  d: T & { results?: T[] }
}

/**
 * Creates a Plant Maintenance notification in S/4HANA (API_MAINTNOTIFICATION) for the
 * event's incident, at most once: the incident's external reference is looked up first, so
 * a retry after a lost response finds the notification instead of creating another. The
 * number is recorded on the incident and is this step's output.
 */
export const s4MaintenanceNotification: Executor = async context => {
  const { action, incident, event } = context
  if (!incident) throw new StepFailure('a maintenance notification needs the event to belong to an incident', true)
  const reference = externalReference(incident.ID)
  const collection = typeof action.path === 'string' ? action.path : '/API_MAINTNOTIFICATION/MaintenanceNotification'

  const found = await callDestination(context, {
    method: 'get',
    url: `${collection}?$filter=MaintNotifExtReferenceNumber eq ${odataString(reference)}&$top=1&$format=json`,
  })
  const existing = (found.data as ODataV2<{ MaintenanceNotification: string }>).d.results?.[0]?.MaintenanceNotification
  if (existing) {
    await recordOnIncident(incident.ID, existing)
    return { output: { notificationNumber: existing, reused: true }, response: `found notification ${existing} by reference ${reference}` }
  }

  const payload = notificationPayload(event, context, reference, await assetMaster(event.data.assetId))
  const created = await callDestination(context, { method: 'post', url: collection, data: payload, csrf: action.csrfRequired !== false })
  const number = (created.data as ODataV2<{ MaintenanceNotification?: string }>).d.MaintenanceNotification
  if (!number) throw new StepFailure(`S/4 answered without a notification number: ${excerpt(created.data, 300)}`, true)
  await recordOnIncident(incident.ID, number)
  return { output: { notificationNumber: number, reused: false }, request: excerpt(payload), response: excerpt(created.data) }
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
  const { date, time } = odataDateTime(event.data.windowStart)
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

const recordOnIncident = (incidentID: string, notificationNumber: string) =>
  inOwnTransaction(() => UPDATE(Incidents, incidentID).with({ notificationNumber }))
