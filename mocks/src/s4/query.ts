import { initialValue } from './edm-values'
import type { EdmEntityType } from './edm-model'
import { ODataError } from './odata-error'
import type { Entity } from './payload'

/**
 * The system query options the mock understands. `$filter` covers what clients use for
 * look-ups: `<Property> eq|ne <literal>` joined by `and`. Anything else the mock cannot
 * honour is refused with 501 rather than ignored, so a client never reads a wrong answer.
 */
type Literal = string | number | boolean | null

interface Condition {
  property: string
  operator: 'eq' | 'ne'
  value: Literal
}

export interface Query {
  filter: Condition[]
  top?: number
  skip: number
  select?: string[]
  expand: string[]
  inlineCount: boolean
}

const SUPPORTED = new Set(['$filter', '$top', '$skip', '$select', '$expand', '$format', '$inlinecount'])
const CONDITION = /^\s*([A-Za-z_]\w*)\s+(eq|ne)\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false|null)\s*(?:(\band\b)|$)/

const badRequest = (message: string) => new ODataError(400, 'S4MOCK/INVALID_QUERY', message)
const notImplemented = (message: string) => new ODataError(501, 'S4MOCK/NOT_IMPLEMENTED', message)

function literal(text: string): Literal {
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'")
  if (text === 'null') return null
  if (text === 'true' || text === 'false') return text === 'true'
  return Number(text)
}

function parseFilter(filter: string, type: EdmEntityType): Condition[] {
  const conditions: Condition[] = []
  let rest = filter
  while (rest.trim() !== '') {
    const match = CONDITION.exec(rest)
    if (!match) throw badRequest(`The mock understands $filter as "<Property> eq '<value>'" joined by "and", not "${filter}"`)
    const [whole, property = '', operator = 'eq', value = '', and] = match
    const definition = type.properties.get(property)
    if (!definition) throw badRequest(`Property '${property}' in $filter is not defined in ${type.qualifiedName}`)
    if (!definition.filterable) throw badRequest(`Property '${property}' is not filterable (sap:filterable="false")`)
    conditions.push({ property, operator: operator as 'eq' | 'ne', value: literal(value) })
    rest = rest.slice(whole.length)
    if (and !== undefined && rest.trim() === '') throw badRequest(`$filter ends with "and": "${filter}"`)
  }
  return conditions
}

function count(name: string, value: string | null): number | undefined {
  if (value === null) return undefined
  if (!/^\d+$/.test(value)) throw badRequest(`${name} must be a non-negative integer, got "${value}"`)
  return Number(value)
}

function parseExpand(value: string | null, type: EdmEntityType, expandable: readonly string[]): string[] {
  if (value === null || value.trim() === '') return []
  return value.split(',').map(part => {
    const name = part.trim()
    if (name.includes('/')) throw notImplemented(`The mock does not expand nested navigation paths like "${name}"`)
    if (!type.navigations.has(name)) throw badRequest(`Navigation property '${name}' is not defined in ${type.qualifiedName}`)
    if (!expandable.includes(name)) throw notImplemented(`The mock does not keep '${name}', so it cannot expand it`)
    return name
  })
}

function parseSelect(value: string | null, type: EdmEntityType, expand: readonly string[]): string[] | undefined {
  if (value === null || value.trim() === '' || value.trim() === '*') return undefined
  return value.split(',').map(part => {
    const name = part.trim()
    if (!type.properties.has(name) && !expand.includes(name)) throw badRequest(`Property '${name}' in $select is not defined in ${type.qualifiedName} or not expanded`)
    return name
  })
}

export function parseQuery(params: URLSearchParams, type: EdmEntityType, expandable: readonly string[]): Query {
  for (const name of params.keys()) {
    if (name.startsWith('$') && !SUPPORTED.has(name)) throw notImplemented(`The mock does not support ${name}`)
  }
  const format = params.get('$format')
  if (format !== null && format !== 'json') throw notImplemented(`The mock answers JSON only, not $format=${format}`)
  const inlineCount = params.get('$inlinecount') ?? 'none'
  if (inlineCount !== 'none' && inlineCount !== 'allpages') throw badRequest(`$inlinecount must be allpages or none, got "${inlineCount}"`)
  const expand = parseExpand(params.get('$expand'), type, expandable)
  return {
    filter: parseFilter(params.get('$filter') ?? '', type),
    top: count('$top', params.get('$top')),
    skip: count('$skip', params.get('$skip')) ?? 0,
    select: parseSelect(params.get('$select'), type, expand),
    expand,
    inlineCount: inlineCount === 'allpages',
  }
}

function holds(entity: Entity, type: EdmEntityType, { property, operator, value }: Condition): boolean {
  const definition = type.properties.get(property)
  const actual = property in entity ? entity[property] : definition && initialValue(definition)
  const equal =
    typeof value === 'number' ? (typeof actual === 'number' || typeof actual === 'string') && actual !== '' && Number(actual) === value : actual === value
  return operator === 'eq' ? equal : !equal
}

/** The page of entities the query asks for, and how many matched in all */
export function applyQuery(entities: readonly Entity[], type: EdmEntityType, query: Query): { page: Entity[]; count: number } {
  const matching = entities.filter(entity => query.filter.every(condition => holds(entity, type, condition)))
  const end = query.top === undefined ? undefined : query.skip + query.top
  return { page: matching.slice(query.skip, end), count: matching.length }
}
