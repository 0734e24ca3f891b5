import { importedService } from './csn-model'
import { dateTimeOffsetLiteral, dayOf } from './edm-values'
import { ODataError } from './odata-error'
import type { MockService } from './odata-service'
import { isEntity, type Entity } from './payload'

const FIRST_NUMBER = 10000001
const ITEMS = 'to_PurchaseReqnItem'

const itemsOf = (requisition: Entity) => {
  const items = requisition[ITEMS]
  return Array.isArray(items) ? items.filter(isEntity) : []
}

/**
 * API_PURCHASEREQ_PROCESS_SRV: purchase requisitions are created by deep insert of the header
 * with at least one item (`to_PurchaseReqnItem: { results: [...] }`) and read with or without
 * their items. The server numbers them (0010000001, …) and fills the items' creation data.
 */
export function purchaseRequisitionService(): MockService & { purchaseRequisitions(): Entity[] } {
  const { model, edmx } = importedService('API_PURCHASEREQ_PROCESS_SRV')
  const requisitions: Entity[] = []
  let next = FIRST_NUMBER

  return {
    name: 'API_PURCHASEREQ_PROCESS_SRV',
    edmx,
    model,
    sets: [
      {
        name: 'A_PurchaseRequisitionHeader',
        list: () => requisitions,
        expandable: [ITEMS],
        create: {
          rules: {
            serverKeys: ['PurchaseRequisition'],
            deep: { [ITEMS]: { minimum: 1, rules: { serverKeys: ['PurchaseRequisition'] } } },
          },
          store(entity, { user, now }) {
            // S/4 only simulates the create then; the mock does not imitate its answer
            if (entity.PurReqnDoOnlyValidation === true) {
              throw new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', 'The mock does not support PurReqnDoOnlyValidation')
            }
            const number = String(next++).padStart(10, '0')
            const items = itemsOf(entity).map(item => ({
              ...item,
              PurchaseRequisition: number,
              PurchasingDocumentCategory: 'B',
              CreationDate: dayOf(now),
              PurReqCreationDate: dayOf(now),
              CreatedByUser: user.toUpperCase().slice(0, 12),
              LastChangeDateTime: dateTimeOffsetLiteral(now.getTime()),
            }))
            const requisition: Entity = { ...entity, PurchaseRequisition: number, [ITEMS]: items }
            requisitions.push(requisition)
            return requisition
          },
        },
      },
      {
        name: 'A_PurchaseRequisitionItem',
        list: () => requisitions.flatMap(itemsOf),
        expandable: [],
      },
    ],
    // in the shape of the deep insert, items under { results }
    purchaseRequisitions: () => requisitions.map(requisition => ({ ...requisition, [ITEMS]: { results: itemsOf(requisition) } })),
    reset() {
      requisitions.length = 0
      next = FIRST_NUMBER
    },
  }
}
