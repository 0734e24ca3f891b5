/**
 * Recognises a unique-constraint violation, whichever database raised it: SQLite names
 * the columns ("UNIQUE constraint failed: e2ba_Rules.priority"), SAP HANA only the index
 * (error 301). Processing relies on these to detect duplicates that several instances race
 * to insert; the admin service to explain them.
 */
export interface UniqueViolation {
  /** element names, when the database tells them */
  columns: string[]
}

const SQLITE_UNIQUE = /^UNIQUE constraint failed: (.+)$/
const HANA_UNIQUE = 301

export function uniqueViolation(error: unknown): UniqueViolation | undefined {
  // duck-typed: driver errors may come from another realm, where instanceof Error fails
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown }
  if (typeof message !== 'string') return undefined
  const sqlite = SQLITE_UNIQUE.exec(message)
  if (sqlite?.[1]) return { columns: sqlite[1].split(', ').map(column => column.slice(column.lastIndexOf('.') + 1)) }
  if (code === HANA_UNIQUE || /unique constraint violated/i.test(message)) return { columns: [] }
  return undefined
}
