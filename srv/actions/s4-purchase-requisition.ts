import { callDestination, excerpt } from './destination-call'
import { assetMaster } from './asset-master'
import { StepFailure, type ActionConfig, type Executor } from './executor'
import type { AnomalyEvent } from '#contract'
import { externalReference, odataDateTime, odataString } from './external-reference'
import { cut } from './notification-texts'

const DELIVERY_DAYS = 7

interface ODataV2<T> {
  d: T & { results?: T[] }
}

/**
 * Orders what the action configures (material, quantity, plant, purchasing group and
 * organisation) through API_PURCHASEREQ_PROCESS_SRV: one header with one item, created in
 * one deep insert. At most once per incident: the description carries the incident's
 * reference and is looked up before creating.
 */
export const s4PurchaseRequisition: Executor = async context => {
  const { action, incident, event } = context
  if (!incident) throw new StepFailure('a purchase requisition needs the event to belong to an incident', true)
  const setting = settingOf(action)
  const description = requisitionDescription(incident.ID, event)
  const collection = setting('path') ?? '/API_PURCHASEREQ_PROCESS_SRV/A_PurchaseRequisitionHeader'

  const found = await callDestination(context, { method: 'get', url: `${collection}?$filter=PurReqnDescription eq ${odataString(description)}&$top=1&$format=json` })
  const existing = (found.data as ODataV2<{ PurchaseRequisition: string }>).d.results?.[0]?.PurchaseRequisition
  if (existing) return { output: { purchaseRequisition: existing, reused: true }, response: `found purchase requisition ${existing}` }

  const payload = requisitionPayload(action, event, description, setting('plant') ?? (await assetMaster(event.data.assetId))?.plant ?? undefined)
  const created = await callDestination(context, { method: 'post', url: collection, data: payload, csrf: action.csrfRequired !== false })
  const number = (created.data as ODataV2<{ PurchaseRequisition?: string }>).d.PurchaseRequisition
  if (!number) throw new StepFailure(`S/4 answered without a purchase requisition number: ${excerpt(created.data, 300)}`, true)
  return { output: { purchaseRequisition: number, reused: false }, request: excerpt(payload), response: excerpt(created.data) }
}

/** The action's text setting, when set */
const settingOf = (action: ActionConfig) => (name: string) => {
  const value = action[name]
  return typeof value === 'string' && value ? value : undefined
}

/** The reference of an incident's requisition: its description, looked up before creating */
export const requisitionDescription = (incidentID: string, event: AnomalyEvent) =>
  cut(`${externalReference(incidentID)} ${event.data.assetName ?? event.data.assetId}`, 40)

/** The deep insert as it is sent; exported for the dry run, which shows it without sending */
export function requisitionPayload(action: ActionConfig, event: AnomalyEvent, description: string, plant: string | undefined) {
  const setting = settingOf(action)
  const type = setting('requisitionType') ?? 'NB'
  return {
    PurchaseRequisitionType: type,
    PurReqnDescription: description,
    to_PurchaseReqnItem: {
      results: [
        {
          PurchaseRequisitionItem: '10',
          PurchaseRequisitionType: type,
          PurchaseRequisitionItemText: cut(`Spare part for ${event.data.assetName ?? event.data.assetId}`, 40),
          Material: setting('material'),
          RequestedQuantity: typeof action.quantity === 'number' || typeof action.quantity === 'string' ? String(action.quantity) : '1',
          BaseUnit: setting('unitOfMeasure'),
          Plant: plant,
          PurchasingGroup: setting('purchasingGroup'),
          PurchasingOrganization: setting('purchasingOrganization'),
          DeliveryDate: odataDateTime(new Date(Date.now() + DELIVERY_DAYS * 86_400_000).toISOString()).date,
        },
      ],
    },
  }
}
