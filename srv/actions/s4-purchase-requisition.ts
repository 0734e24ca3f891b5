import { callDestination, excerpt } from './destination-call'
import { assetMaster } from './asset-master'
import { StepFailure, type Executor } from './executor'
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
  const setting = (name: string) => {
    const value = action[name]
    return typeof value === 'string' && value ? value : undefined
  }
  const description = cut(`${externalReference(incident.ID)} ${event.data.assetName ?? event.data.assetId}`, 40)
  const collection = setting('path') ?? '/API_PURCHASEREQ_PROCESS_SRV/A_PurchaseRequisitionHeader'

  const found = await callDestination(action, { method: 'get', url: `${collection}?$filter=PurReqnDescription eq ${odataString(description)}&$top=1&$format=json` })
  const existing = (found.data as ODataV2<{ PurchaseRequisition: string }>).d.results?.[0]?.PurchaseRequisition
  if (existing) return { output: { purchaseRequisition: existing, reused: true }, response: `found purchase requisition ${existing}` }

  const plant = setting('plant') ?? (await assetMaster(event.data.assetId))?.plant ?? undefined
  const type = setting('requisitionType') ?? 'NB'
  const payload = {
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
  const created = await callDestination(action, { method: 'post', url: collection, data: payload, csrf: action.csrfRequired !== false })
  const number = (created.data as ODataV2<{ PurchaseRequisition?: string }>).d.PurchaseRequisition
  if (!number) throw new StepFailure(`S/4 answered without a purchase requisition number: ${excerpt(created.data, 300)}`, true)
  return { output: { purchaseRequisition: number, reused: false }, request: excerpt(payload), response: excerpt(created.data) }
}
