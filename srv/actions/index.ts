import { aiSummary } from './ai-summary'
import { bpaDecision } from './bpa-decision'
import { httpCall } from './http-call'
import { registerExecutor } from './registry'
import { s4MaintenanceNotification } from './s4-maintenance-notification'
import { s4PurchaseRequisition } from './s4-purchase-requisition'

/** The executors of the five action kinds */
export function registerExecutors() {
  registerExecutor('S4_MAINTENANCE_NOTIFICATION', s4MaintenanceNotification)
  registerExecutor('S4_PURCHASE_REQUISITION', s4PurchaseRequisition)
  registerExecutor('HTTP', httpCall)
  registerExecutor('AI_SUMMARY', aiSummary)
  registerExecutor('BPA_DECISION', bpaDecision)
}
