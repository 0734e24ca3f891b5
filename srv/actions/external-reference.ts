import { createHash } from 'node:crypto'
import type { CdsDate, CdsTime } from '#cds-models/_'

/**
 * The idempotency key written into the S/4 document (e.g. MaintNotifExtReferenceNumber,
 * 20 characters, upper case): derived from the incident, so a retry after a lost response,
 * another instance or a reprocess finds the document instead of creating a second one.
 */
export const externalReference = (incidentID: string) => `E2B-${createHash('sha256').update(incidentID).digest('hex').slice(0, 16).toUpperCase()}`

/** The UTC date (cds.Date) and time of day (cds.Time) of an ISO timestamp; CAP sends them in OData V2's forms */
export function dateAndTime(iso: string) {
  const [date, time] = new Date(iso).toISOString().split('T') as [string, string]
  return { date: date as CdsDate, time: time.slice(0, 8) as CdsTime }
}
