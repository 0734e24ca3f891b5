/** The planners' loop, closed in the demo: a notification completed in S/4 closes its incident */
import type { IncidentRow, ProcessorClient } from './processor-client'

export interface ClosedLoop {
  incident: IncidentRow
  /** from completing the notification in S/4 to the incident reading CLOSED */
  closedAfterMs: number
}

/** Completes the notification of the first open incident in the S/4 stand-in and waits for the incident to close */
export async function closeOneIncident(client: ProcessorClient, timeoutMs = 30_000): Promise<ClosedLoop | undefined> {
  const open = (await client.incidents()).find(i => i.status_code === 'OPEN' && i.notificationNumber)
  if (!open) return undefined
  const started = Date.now()
  await client.completeNotification(open.notificationNumber as string)
  for (;;) {
    const incident = await client.incident(open.ID)
    if (incident.status_code === 'CLOSED') return { incident, closedAfterMs: Date.now() - started }
    if (Date.now() - started > timeoutMs) throw new Error(`incident ${open.ID} is still ${incident.status_code} ${timeoutMs} ms after notification ${open.notificationNumber} was completed`)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

export function printClosedLoop(closed: ClosedLoop | undefined) {
  if (!closed) return console.log('\nno open incident with a notification to complete')
  const { incident, closedAfterMs } = closed
  console.log(
    `\nThe planners' loop: notification ${incident.notificationNumber} completed in S/4 → ` +
      `incident of ${incident.assetName ?? incident.assetId} (${incident.anomalyType_code}) ${incident.status_code} after ${closedAfterMs} ms: ${incident.closeReason}`,
  )
}
