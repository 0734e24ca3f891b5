import { A_PurchaseRequisitionHeader, type A_PurchaseRequisitionItem } from '#cds-models/API_PURCHASEREQ_PROCESS_SRV'
import type { AnomalyEvent } from '#contract'
import { excerpt } from './call-failure'
import { StepFailure, type ActionConfig, type Executor } from './executor'
import { dateAndTime, externalReference } from './external-reference'
import { cut } from './notification-texts'
import { onS4 } from './s4-service'

const DELIVERY_DAYS = 7

/** The header and its one item as this action deep-inserts them */
export type RequisitionPayload = Pick<A_PurchaseRequisitionHeader, 'PurchaseRequisitionType' | 'PurReqnDescription'> & {
  to_PurchaseReqnItem: Pick<
    A_PurchaseRequisitionItem,
    | 'PurchaseRequisitionItem'
    | 'PurchaseRequisitionType'
    | 'PurchaseRequisitionItemText'
    | 'Material'
    | 'RequestedQuantity'
    | 'BaseUnit'
    | 'Plant'
    | 'PurchasingGroup'
    | 'PurchasingOrganization'
    | 'DeliveryDate'
  >[]
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
  const description = requisitionDescription(incident.ID, event)

  const found = await onS4<A_PurchaseRequisitionHeader | undefined>(context, 'API_PURCHASEREQ_PROCESS_SRV', { what: `lookup of requisition "${description}"` }, s4 =>
    s4.run(SELECT.one.from(A_PurchaseRequisitionHeader).columns('PurchaseRequisition').where({ PurReqnDescription: description })),
  )
  if (found?.PurchaseRequisition) return { output: { purchaseRequisition: found.PurchaseRequisition, reused: true }, response: `found purchase requisition ${found.PurchaseRequisition}` }

  const payload = requisitionPayload(action, event, description, settingOf(action)('plant') ?? context.asset?.plant ?? undefined)
  const created = await onS4<A_PurchaseRequisitionHeader | undefined>(context, 'API_PURCHASEREQ_PROCESS_SRV', { what: `create of requisition "${description}"`, write: true }, s4 =>
    s4.run(INSERT.into(A_PurchaseRequisitionHeader).entries(payload)),
  )
  const number = created?.PurchaseRequisition
  if (!number) throw new StepFailure(`S/4 answered without a purchase requisition number: ${excerpt(created, 300)}`, true)
  return { output: { purchaseRequisition: number, reused: false }, request: excerpt(payload), response: excerpt(created) }
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
export function requisitionPayload(action: ActionConfig, event: AnomalyEvent, description: string, plant: string | undefined): RequisitionPayload {
  const setting = settingOf(action)
  const type = setting('requisitionType') ?? 'NB'
  const quantity = Number(action.quantity ?? 1)
  return {
    PurchaseRequisitionType: type,
    PurReqnDescription: description,
    to_PurchaseReqnItem: [
      {
        PurchaseRequisitionItem: '10',
        PurchaseRequisitionType: type,
        PurchaseRequisitionItemText: cut(`Spare part for ${event.data.assetName ?? event.data.assetId}`, 40),
        Material: setting('material'),
        RequestedQuantity: Number.isFinite(quantity) ? quantity : 1,
        BaseUnit: setting('unitOfMeasure'),
        Plant: plant,
        PurchasingGroup: setting('purchasingGroup'),
        PurchasingOrganization: setting('purchasingOrganization'),
        DeliveryDate: dateAndTime(new Date(Date.now() + DELIVERY_DAYS * 86_400_000).toISOString()).date,
      },
    ],
  }
}
