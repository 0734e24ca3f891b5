import { createHash } from 'node:crypto'

/**
 * The idempotency key written into the S/4 document (e.g. MaintNotifExtReferenceNumber,
 * 20 characters, upper case): derived from the incident, so a retry after a lost response,
 * another instance or a reprocess finds the document instead of creating a second one.
 */
export const externalReference = (incidentID: string) => `E2B-${createHash('sha256').update(incidentID).digest('hex').slice(0, 16).toUpperCase()}`

/** OData V2 literal of a string in $filter */
export const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`

/** OData V2 Edm.DateTime (date part) and Edm.Time of an ISO timestamp, in UTC */
export function odataDateTime(iso: string) {
  const at = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    date: `/Date(${Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())})/`,
    time: `PT${pad(at.getUTCHours())}H${pad(at.getUTCMinutes())}M${pad(at.getUTCSeconds())}S`,
  }
}
