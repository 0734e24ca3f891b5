import type { EdmEntityType } from './edm-model'
import { holds, parseFilter, type Condition } from './filter'
import { invalidQuery, notImplemented } from './odata-error'
import { parseOrderBy, sortEntities, type Ordering } from './orderby'
import type { Entity } from './payload'

/**
 * The system query options the mock understands: `$filter` with comparisons joined by `and`
 * (see filter.ts), `$orderby` on properties, `$top`, `$skip`, `$select`, `$expand` of the
 * navigations it keeps, `$inlinecount` and `$format=json`. Anything else the mock cannot
 * honour is refused with 501 rather than ignored, so a client never reads a wrong answer.
 */
export interface Query {
  filter: Condition[]
  orderBy: Ordering[]
  top?: number
  skip: number
  select?: string[]
  expand: string[]
  inlineCount: boolean
}

const SUPPORTED = new Set(['$filter', '$orderby', '$top', '$skip', '$select', '$expand', '$format', '$inlinecount'])


function count(name: string, value: string | null): number | undefined {
  if (value === null) return undefined
  if (!/^\d+$/.test(value)) throw invalidQuery(`${name} must be a non-negative integer, got "${value}"`)
  return Number(value)
}

function parseExpand(value: string | null, type: EdmEntityType, expandable: readonly string[]): string[] {
  if (value === null || value.trim() === '') return []
  return value.split(',').map(part => {
    const name = part.trim()
    if (name.includes('/')) throw notImplemented(`The mock does not expand nested navigation paths like "${name}"`)
    if (!type.navigations.has(name)) throw invalidQuery(`Navigation property '${name}' is not defined in ${type.qualifiedName}`)
    if (!expandable.includes(name)) throw notImplemented(`The mock does not keep '${name}', so it cannot expand it`)
    return name
  })
}

function parseSelect(value: string | null, type: EdmEntityType, expand: readonly string[]): string[] | undefined {
  if (value === null || value.trim() === '' || value.trim() === '*') return undefined
  return value.split(',').map(part => {
    const name = part.trim()
    if (!type.properties.has(name) && !expand.includes(name)) throw invalidQuery(`Property '${name}' in $select is not defined in ${type.qualifiedName} or not expanded`)
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
  if (inlineCount !== 'none' && inlineCount !== 'allpages') throw invalidQuery(`$inlinecount must be allpages or none, got "${inlineCount}"`)
  const expand = parseExpand(params.get('$expand'), type, expandable)
  return {
    filter: parseFilter(params.get('$filter') ?? '', type),
    orderBy: parseOrderBy(params.get('$orderby'), type),
    top: count('$top', params.get('$top')),
    skip: count('$skip', params.get('$skip')) ?? 0,
    select: parseSelect(params.get('$select'), type, expand),
    expand,
    inlineCount: inlineCount === 'allpages',
  }
}

/** The page of entities the query asks for, and how many matched in all */
export function applyQuery(entities: readonly Entity[], type: EdmEntityType, query: Query): { page: Entity[]; count: number } {
  const matching = sortEntities(
    entities.filter(entity => query.filter.every(condition => holds(entity, type, condition))),
    type,
    query.orderBy,
  )
  const end = query.top === undefined ? undefined : query.skip + query.top
  return { page: matching.slice(query.skip, end), count: matching.length }
}
