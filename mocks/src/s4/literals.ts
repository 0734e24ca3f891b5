import type { EdmProperty } from './edm-model'
import { canonicalTime, fromDateLiteral, fromIsoTimestamp } from './edm-values'

/**
 * OData V2 literals in URIs, as `$filter` and function import parameters carry them: `'text'`
 * (quotes doubled), numbers (with the suffixes L, M, D, F), true, false, null,
 * `datetime'…'` (UTC), `datetimeoffset'…'` and `time'PT…'`. Dates become instants, so values
 * compare as points in time whatever offset they were written with.
 */
export interface Instant {
  kind: 'instant'
  ms: number
}

export interface TimeOfDay {
  kind: 'time'
  /** canonical `PThhHmmMssS`, which orders as text */
  value: string
}

export type Literal = string | number | boolean | null | Instant | TimeOfDay

/** One literal, for regular expressions that find them in a longer text */
export const LITERAL_PATTERN = String.raw`'(?:[^']|'')*'|(?:datetimeoffset|datetime|time)'[^']*'|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[LlMmDdFf]?|true|false|null`

const TYPED = /^(datetimeoffset|datetime|time)'([^']*)'$/
const NUMBER = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[LlMmDdFf]?$/

export const isInstant = (literal: Literal): literal is Instant => typeof literal === 'object' && literal?.kind === 'instant'
const isTime = (literal: Literal): literal is TimeOfDay => typeof literal === 'object' && literal?.kind === 'time'

function typedLiteral(prefix: string, text: string): Instant | TimeOfDay | undefined {
  if (prefix === 'time') {
    const value = canonicalTime(text)
    return value === undefined ? undefined : { kind: 'time', value }
  }
  // datetime'…' has no offset (UTC); SAP Gateway and CAP send datetimeoffset'…' with one
  const ms = fromIsoTimestamp(text, prefix === 'datetime' ? 'optional' : 'required')
  return ms === undefined ? undefined : { kind: 'instant', ms }
}

/** The literal's value, or undefined if the text is none the mock understands */
export function parseLiteral(text: string): Literal | undefined {
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) {
    const inner = text.slice(1, -1)
    // inside, a quote comes doubled
    return inner.replaceAll("''", '').includes("'") ? undefined : inner.replaceAll("''", "'")
  }
  if (text === 'null') return null
  if (text === 'true' || text === 'false') return text === 'true'
  const typed = TYPED.exec(text)
  if (typed) return typedLiteral(typed[1] ?? '', typed[2] ?? '')
  const number = NUMBER.exec(text)
  return number ? Number(number[1]) : undefined
}

/** What a property's values are compared as */
export type Domain = 'instant' | 'number' | 'time' | 'boolean' | 'text'

const NUMERIC = new Set(['Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double', 'Edm.Single'])

export function domainOf(property: EdmProperty): Domain {
  if (property.type === 'Edm.DateTime' || property.type === 'Edm.DateTimeOffset') return 'instant'
  if (NUMERIC.has(property.type)) return 'number'
  if (property.type === 'Edm.Time') return 'time'
  return property.type === 'Edm.Boolean' ? 'boolean' : 'text'
}

/** Whether a literal can stand for a value of the domain; text also takes numbers, compared as such */
export function fits(literal: Literal, domain: Domain): boolean {
  if (literal === null) return true
  if (isInstant(literal)) return domain === 'instant'
  if (isTime(literal)) return domain === 'time'
  if (typeof literal === 'number') return domain === 'number' || domain === 'text'
  if (typeof literal === 'boolean') return domain === 'boolean'
  return domain === 'text'
}

const numberOf = (value: unknown) => ((typeof value === 'number' || typeof value === 'string') && value !== '' ? Number(value) : NaN)
const order = <T extends number | string>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * How a stored value (in its OData JSON form) compares with a literal: negative, zero or
 * positive; undefined where they do not compare (null, a value of another kind). Booleans and
 * null only ever compare equal.
 */
export function compare(stored: unknown, literal: Literal): number | undefined {
  if (literal === null || typeof literal === 'boolean') return stored === literal ? 0 : undefined
  if (isInstant(literal)) {
    const ms = typeof stored === 'string' ? fromDateLiteral(stored) : undefined
    return ms === undefined ? undefined : ms - literal.ms
  }
  if (typeof literal === 'number') {
    const number = numberOf(stored)
    return Number.isNaN(number) ? undefined : number - literal
  }
  const text = isTime(literal) ? literal.value : literal
  return typeof stored === 'string' ? order(stored, text) : undefined
}

/** A stored value as it sorts within its domain; null (or unreadable) sorts first */
export function sortKey(stored: unknown, domain: Domain): number | string | null {
  if (stored === null || stored === undefined) return null
  if (domain === 'instant') return typeof stored === 'string' ? (fromDateLiteral(stored) ?? null) : null
  if (domain === 'number' || domain === 'boolean') {
    const number = typeof stored === 'boolean' ? Number(stored) : numberOf(stored)
    return Number.isNaN(number) ? null : number
  }
  return typeof stored === 'string' ? stored : null
}

/** Orders two sort keys ascending, null first */
export function compareKeys(a: number | string | null, b: number | string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1
  return typeof a === typeof b ? order(a, b) : order(String(a), String(b))
}
