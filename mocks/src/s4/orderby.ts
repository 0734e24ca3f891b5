import type { EdmEntityType } from './edm-model'
import { compareKeys, domainOf, sortKey } from './literals'
import { invalidQuery, notImplemented } from './odata-error'
import { propertyValue, type Entity } from './payload'

/** `$orderby=<Property> [asc|desc], …`: dates as instants, numbers as numbers, null first */
export interface Ordering {
  property: string
  descending: boolean
}

const ORDERING = /^([A-Za-z_]\w*)(?:\s+(asc|desc))?$/


export function parseOrderBy(value: string | null, type: EdmEntityType): Ordering[] {
  if (value === null || value.trim() === '') return []
  return value.split(',').map(part => {
    const match = ORDERING.exec(part.trim())
    if (!match) throw notImplemented(`The mock orders by properties only ("<Property> asc|desc"), not "${part.trim()}"`)
    const [, property = '', direction] = match
    const definition = type.properties.get(property)
    if (!definition) throw invalidQuery(`Property '${property}' in $orderby is not defined in ${type.qualifiedName}`)
    if (!definition.sortable) throw invalidQuery(`Property '${property}' is not sortable (sap:sortable="false")`)
    return { property, descending: direction === 'desc' }
  })
}

/** The entities in the order asked for; equal ones keep their order (by key, as created) */
export function sortEntities(entities: readonly Entity[], type: EdmEntityType, orderings: readonly Ordering[]): Entity[] {
  if (orderings.length === 0) return [...entities]
  const keyed = orderings.flatMap(({ property, descending }) => {
    const definition = type.properties.get(property)
    if (!definition) return []
    const domain = domainOf(definition)
    return [{ valueOf: (entity: Entity) => sortKey(propertyValue(entity, definition), domain), sign: descending ? -1 : 1 }]
  })
  return [...entities].sort((a, b) => {
    for (const { valueOf, sign } of keyed) {
      const order = compareKeys(valueOf(a), valueOf(b))
      if (order !== 0) return sign * order
    }
    return 0
  })
}
