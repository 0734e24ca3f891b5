import type { EdmProperty } from './edm-model'

/**
 * JSON values of OData V2 (the "verbose" JSON SAP Gateway speaks) per Edm type: what a
 * request may carry, and the form the mock stores and answers with — dates as `/Date(ms)/`,
 * times as `PT12H30M00S`, decimals and 64-bit integers as strings.
 */
export type Checked = { ok: true; value: unknown } | { ok: false; reason: string }

const ok = (value: unknown): Checked => ({ ok: true, value })
const fail = (reason: string): Checked => ({ ok: false, reason })

const INT_RANGES: Record<string, [number, number]> = {
  'Edm.Byte': [0, 255],
  'Edm.SByte': [-128, 127],
  'Edm.Int16': [-32768, 32767],
  'Edm.Int32': [-2147483648, 2147483647],
}

const DATE_LITERAL = /^\/Date\((-?\d+)(?:([+-])(\d{4}))?\)\/$/
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$/
const ISO_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(Z|[+-]\d{2}:\d{2})$/
const DURATION = /^PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.\d+)?S)?$/
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const dateLiteral = (ms: number) => `/Date(${ms})/`
export const dateTimeOffsetLiteral = (ms: number) => `/Date(${ms}+0000)/`
const two = (n: number) => String(n).padStart(2, '0')
export const timeLiteral = (hours: number, minutes: number, seconds: number) => `PT${two(hours)}H${two(minutes)}M${two(seconds)}S`

/** Milliseconds since the epoch of a `/Date(ms±hhmm)/` literal, or undefined */
export function fromDateLiteral(value: string): number | undefined {
  const match = DATE_LITERAL.exec(value)
  if (!match) return undefined
  const offsetMinutes = match[3] ? Number(match[3].slice(0, 2)) * 60 + Number(match[3].slice(2)) : 0
  return Number(match[1]) + (match[2] === '-' ? -1 : 1) * offsetMinutes * 60_000
}

/** Milliseconds since the epoch of an ISO timestamp with an offset (`Z`, `+01:00`) or, if allowed, without one (then UTC) */
export function fromIsoTimestamp(value: string, offset: 'required' | 'optional'): number | undefined {
  const local = offset === 'optional' && ISO_DATETIME.test(value)
  const ms = local || ISO_OFFSET.test(value) ? Date.parse(local ? `${value}Z` : value) : NaN
  return Number.isFinite(ms) ? ms : undefined
}

function dateTime(value: string): Checked {
  const ms = fromDateLiteral(value) ?? fromIsoTimestamp(value, 'optional')
  return ms !== undefined ? ok(dateLiteral(ms)) : fail(`expects Edm.DateTime as "/Date(<ms>)/" or "YYYY-MM-DDThh:mm:ss", got "${value}"`)
}

function dateTimeOffset(value: string): Checked {
  const ms = fromDateLiteral(value) ?? fromIsoTimestamp(value, 'required')
  return ms !== undefined ? ok(dateTimeOffsetLiteral(ms)) : fail(`expects Edm.DateTimeOffset as "/Date(<ms>+0000)/" or an ISO timestamp with offset, got "${value}"`)
}

function time(value: string): Checked {
  const match = DURATION.exec(value)
  const [hours, minutes, seconds] = [match?.[1], match?.[2], match?.[3]].map(part => Number(part ?? 0)) as [number, number, number]
  if (!match || value === 'PT' || hours > 23 || minutes > 59 || seconds > 59) return fail(`expects Edm.Time as "PT<hh>H<mm>M<ss>S", got "${value}"`)
  return ok(timeLiteral(hours, minutes, seconds))
}

/** The canonical `PThhHmmMssS` of an Edm.Time value, or undefined */
export function canonicalTime(value: string): string | undefined {
  const checked = time(value)
  return checked.ok ? String(checked.value) : undefined
}

function decimal(property: EdmProperty, value: string): Checked {
  const match = DECIMAL.exec(value)
  if (!match) return fail(`expects Edm.Decimal as a number or a numeric string, got "${value}"`)
  const [, sign = '', digits = '', fraction = ''] = match
  const integer = digits.replace(/^0+(?=\d)/, '')
  const scale = property.scale ?? 0
  if (property.precision !== undefined) {
    if (fraction.replace(/0+$/, '').length > scale) return fail(`allows ${scale} decimal places (Scale), got "${value}"`)
    if (integer !== '0' && integer.length > property.precision - scale) return fail(`allows ${property.precision - scale} digits before the decimal point (Precision ${property.precision}, Scale ${scale}), got "${value}"`)
  }
  const places = property.precision === undefined ? fraction : fraction.slice(0, scale).padEnd(scale, '0')
  return ok(`${sign === '-' ? '-' : ''}${integer}${places ? `.${places}` : ''}`)
}

function integer(type: string, value: unknown): Checked {
  const range = INT_RANGES[type]
  if (range) {
    return typeof value === 'number' && Number.isInteger(value) && value >= range[0] && value <= range[1]
      ? ok(value)
      : fail(`expects ${type}, an integer from ${range[0]} to ${range[1]}, got ${JSON.stringify(value)}`)
  }
  // Edm.Int64: a string in V2 JSON; a safe JS integer is accepted too
  if (typeof value === 'number' && Number.isSafeInteger(value)) return ok(String(value))
  return typeof value === 'string' && /^-?\d{1,19}$/.test(value) ? ok(value) : fail(`expects Edm.Int64 as a string of digits, got ${JSON.stringify(value)}`)
}

const describe = (value: unknown) => (Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value)

/** Checks a request value against the property and returns the stored form, or why it is wrong */
export function checkValue(property: EdmProperty, value: unknown): Checked {
  if (value === null) return property.nullable ? ok(null) : fail('must not be null (Nullable="false")')
  const { type } = property
  if (type in INT_RANGES || type === 'Edm.Int64') return integer(type, value)
  if (type === 'Edm.Boolean') return typeof value === 'boolean' ? ok(value) : fail(`expects Edm.Boolean (true or false), got ${describe(value)}`)
  if (type === 'Edm.Decimal') {
    if (typeof value === 'number' && Number.isFinite(value)) return decimal(property, String(value))
    return typeof value === 'string' ? decimal(property, value) : fail(`expects Edm.Decimal as a number or a numeric string, got ${describe(value)}`)
  }
  if (type === 'Edm.Double' || type === 'Edm.Single') {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
    return typeof number === 'number' && Number.isFinite(number) ? ok(String(number)) : fail(`expects ${type} as a number, got ${JSON.stringify(value)}`)
  }
  if (typeof value !== 'string') return fail(`expects ${type} as a string, got ${describe(value)}`)
  switch (type) {
    case 'Edm.String':
      return property.maxLength !== undefined && value.length > property.maxLength
        ? fail(`exceeds its maximum length of ${property.maxLength} characters (MaxLength="${property.maxLength}"), got ${value.length}`)
        : ok(value)
    case 'Edm.DateTime':
      return dateTime(value)
    case 'Edm.DateTimeOffset':
      return dateTimeOffset(value)
    case 'Edm.Time':
      return time(value)
    case 'Edm.Guid':
      return GUID.test(value) ? ok(value.toLowerCase()) : fail(`expects Edm.Guid, got "${value}"`)
    case 'Edm.Binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? ok(value) : fail('expects Edm.Binary as base64')
    default:
      return fail(`has the type ${type}, which the mock does not support`)
  }
}

/** What SAP answers for a property nobody set */
export function initialValue(property: EdmProperty): unknown {
  switch (property.type) {
    case 'Edm.String':
      return ''
    case 'Edm.Boolean':
      return false
    case 'Edm.Decimal':
      return property.scale ? `0.${'0'.repeat(property.scale)}` : '0'
    case 'Edm.Int64':
    case 'Edm.Double':
    case 'Edm.Single':
      return '0'
    default:
      return property.type in INT_RANGES ? 0 : null
  }
}

/** Today (UTC) as an Edm.DateTime with sap:display-format="Date" */
export const dayOf = (now: Date) => dateLiteral(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
/** The UTC time of day as an Edm.Time */
export const timeOf = (now: Date) => timeLiteral(now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds())
