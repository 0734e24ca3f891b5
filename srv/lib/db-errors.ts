/**
 * Recognises a unique-constraint violation, whichever database raised it: SQLite names
 * the columns ("UNIQUE constraint failed: e2ba_Rules.priority"), PostgreSQL too, folded to
 * lower case (SQLSTATE 23505, detail "Key (priority)=(10) already exists."), SAP HANA only the
 * index (error 301). Processing relies on these to detect duplicates that several instances race
 * to insert; the admin service to explain them.
 */
export interface UniqueViolation {
  /** element names, when the database tells them */
  columns: string[]
}

const SQLITE_UNIQUE = /^UNIQUE constraint failed: (.+)$/
const HANA_UNIQUE = 301
const POSTGRES_UNIQUE = '23505'
const POSTGRES_KEY = /^Key \(([^)]+)\)=/

export function uniqueViolation(error: unknown): UniqueViolation | undefined {
  // duck-typed: driver errors may come from another realm, where instanceof Error fails
  const { message, code, detail } = (error ?? {}) as { message?: unknown; code?: unknown; detail?: unknown }
  if (typeof message !== 'string') return undefined
  const sqlite = SQLITE_UNIQUE.exec(message)
  if (sqlite?.[1]) return { columns: sqlite[1].split(', ').map(column => column.slice(column.lastIndexOf('.') + 1)) }
  if (code === POSTGRES_UNIQUE) {
    const key = typeof detail === 'string' ? POSTGRES_KEY.exec(detail)?.[1] : undefined
    return { columns: key ? key.split(', ').map(column => column.replaceAll('"', '')) : [] }
  }
  if (code === HANA_UNIQUE || /unique constraint violated/i.test(message)) return { columns: [] }
  return undefined
}
