import type { EdmEntityType } from './edm-model'
import { compare, domainOf, fits, LITERAL_PATTERN, parseLiteral, type Literal } from './literals'
import { invalidQuery, notImplemented } from './odata-error'
import { propertyValue, type Entity } from './payload'

/**
 * `$filter` as clients use it for look-ups and polling: `<Property> <operator> <literal>`
 * joined by `and`, with the operators eq, ne, gt, ge, lt and le, e.g. CAP's
 * `LastChangeDateTime ge datetimeoffset'2026-12-05T06:00:00Z' and NotifProcessingPhase ne '4'`.
 */
const OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const
type Operator = (typeof OPERATORS)[number]

export interface Condition {
  property: string
  operator: Operator
  value: Literal
}

const CONDITION = new RegExp(String.raw`^\s*([A-Za-z_]\w*)\s+(${OPERATORS.join('|')})\s+(${LITERAL_PATTERN})\s*(?:(\band\b)|$)`)


function condition(type: EdmEntityType, property: string, operator: Operator, text: string): Condition {
  const definition = type.properties.get(property)
  if (!definition) throw invalidQuery(`Property '${property}' in $filter is not defined in ${type.qualifiedName}`)
  if (!definition.filterable) throw invalidQuery(`Property '${property}' is not filterable (sap:filterable="false")`)
  const value = parseLiteral(text)
  if (value === undefined) throw invalidQuery(`Invalid literal ${text} for '${property}' in $filter`)
  if (!fits(value, domainOf(definition))) throw invalidQuery(`The literal ${text} does not fit '${property}' of type ${definition.type}`)
  if (operator !== 'eq' && operator !== 'ne' && (value === null || typeof value === 'boolean')) {
    throw invalidQuery(`'${property}' ${operator} ${text}: only eq and ne compare with ${text}`)
  }
  return { property, operator, value }
}

export function parseFilter(filter: string, type: EdmEntityType): Condition[] {
  const conditions: Condition[] = []
  let rest = filter
  while (rest.trim() !== '') {
    const match = CONDITION.exec(rest)
    if (!match) {
      throw notImplemented(`The mock understands $filter as "<Property> eq|ne|gt|ge|lt|le <literal>" joined by "and", not "${filter}"`)
    }
    const [whole, property = '', operator = 'eq', text = '', and] = match
    conditions.push(condition(type, property, operator as Operator, text))
    rest = rest.slice(whole.length)
    if (and !== undefined && rest.trim() === '') throw invalidQuery(`$filter ends with "and": "${filter}"`)
  }
  return conditions
}

const HOLDS: Record<Operator, (order: number | undefined) => boolean> = {
  eq: order => order === 0,
  ne: order => order !== 0,
  gt: order => order !== undefined && order > 0,
  ge: order => order !== undefined && order >= 0,
  lt: order => order !== undefined && order < 0,
  le: order => order !== undefined && order <= 0,
}

export function holds(entity: Entity, type: EdmEntityType, { property, operator, value }: Condition): boolean {
  const definition = type.properties.get(property)
  return HOLDS[operator](compare(definition && propertyValue(entity, definition), value))
}
