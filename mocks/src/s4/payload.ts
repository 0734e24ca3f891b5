import { checkValue, initialValue } from './edm-values'
import type { EdmEntityType, EdmModel, EdmProperty } from './edm-model'
import type { Issue } from './odata-error'

/** A stored entity: property values in their OData JSON form, deep-inserted children as arrays */
export type Entity = Record<string, unknown>

/** What a create may carry beyond the service model */
export interface CreateRules {
  /** keys the server assigns: absent or empty in the request */
  serverKeys: readonly string[]
  /** navigation properties accepted for a deep insert, with the rules of their entities */
  deep?: Readonly<Record<string, { rules: CreateRules; minimum: number }>>
}

export const isEntity = (value: unknown): value is Entity => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The entity's value of the property, or what SAP answers for one nobody set */
export const propertyValue = (entity: Entity, property: EdmProperty): unknown => (property.name in entity ? entity[property.name] : initialValue(property))

/** V2 JSON sends a to-many deep insert as `{ results: [...] }`; Gateway also takes a bare array */
function deepEntries(value: unknown): unknown[] | undefined {
  const entries: unknown = isEntity(value) ? value.results : value
  return Array.isArray(entries) ? (entries as unknown[]) : undefined
}

/** Children of one deep insert share the parent's key, so the keys they bring must differ */
function duplicateKeys(type: EdmEntityType, rules: CreateRules, children: readonly Entity[], at: string): Issue[] {
  const own = type.keys.filter(key => !rules.serverKeys.includes(key))
  const seen = new Set<string>()
  const issues: Issue[] = []
  for (const child of children) {
    if (own.some(key => child[key] === undefined)) continue
    const key = JSON.stringify(own.map(name => child[name]))
    if (seen.has(key)) issues.push({ code: 'S4MOCK/DUPLICATE_KEY', message: `${at} contains the key ${own.map(name => `${name}=${JSON.stringify(child[name])}`).join(',')} twice`, target: at })
    seen.add(key)
  }
  return issues
}

/**
 * Checks a create request body against the entity type: unknown properties, read-only
 * (`sap:creatable="false"`) ones, server-assigned keys, Edm types and MaxLength, required
 * (`Nullable="false"`) ones, and deep-inserted children recursively. Returns the entity in
 * its stored form and every issue found, so one answer names all of them.
 */
export function checkCreate(model: EdmModel, type: EdmEntityType, body: unknown, rules: CreateRules, at = ''): { entity: Entity; issues: Issue[] } {
  const issues: Issue[] = []
  const entity: Entity = {}
  if (!isEntity(body)) return { entity, issues: [{ code: 'S4MOCK/INVALID_BODY', message: `${at || 'The request body'} must be a JSON object`, target: at }] }
  const issue = (code: string, name: string, message: string) => issues.push({ code, message: `Property '${at}${name}' ${message}`, target: `${at}${name}` })

  for (const [name, value] of Object.entries(body)) {
    if (name === '__metadata') continue
    const navigation = type.navigations.get(name)
    if (navigation) {
      const deep = rules.deep?.[name]
      const target = model.entityTypes.get(navigation.target)
      const entries = deepEntries(value)
      if (!deep || !target || !navigation.many) issue('S4MOCK/DEEP_INSERT', name, 'cannot be deep-inserted in the mock')
      else if (!entries) issue('S4MOCK/INVALID_VALUE', name, 'expects { "results": [ ... ] }')
      else {
        const children = entries.map((child, i) => checkCreate(model, target, child, deep.rules, `${at}${name}[${i}]/`))
        const stored = children.map(child => child.entity)
        entity[name] = stored
        issues.push(...children.flatMap(child => child.issues), ...duplicateKeys(target, deep.rules, stored, `${at}${name}`))
      }
      continue
    }
    const property = type.properties.get(name)
    if (!property) issue('S4MOCK/UNKNOWN_PROPERTY', name, `is not defined in the entity type ${type.qualifiedName}`)
    else if (rules.serverKeys.includes(name)) {
      if (value !== null && value !== '') issue('S4MOCK/SERVER_KEY', name, 'is assigned by the server and must be empty on create')
    } else if (!property.creatable) issue('S4MOCK/READ_ONLY_PROPERTY', name, 'is read-only (sap:creatable="false") and must not be sent on create')
    else {
      const checked = checkValue(property, value)
      if (checked.ok) entity[name] = checked.value
      else issue(property.type === 'Edm.String' && property.maxLength !== undefined && typeof value === 'string' ? 'S4MOCK/MAX_LENGTH' : 'S4MOCK/INVALID_VALUE', name, checked.reason)
    }
  }

  for (const property of type.properties.values()) {
    if (property.nullable || !property.creatable || rules.serverKeys.includes(property.name)) continue
    const value = entity[property.name]
    const missing = value === undefined || (typeof value === 'string' && value.trim() === '')
    // a value already reported as wrong is not reported as missing too
    if (missing && !issues.some(found => found.target === `${at}${property.name}`)) issue('S4MOCK/REQUIRED', property.name, 'is required (Nullable="false")')
  }
  for (const [name, deep] of Object.entries(rules.deep ?? {})) {
    const children = entity[name]
    const count = Array.isArray(children) ? children.length : 0
    if (count < deep.minimum && !issues.some(found => found.target === `${at}${name}`)) issue('S4MOCK/REQUIRED', name, `needs at least ${deep.minimum} entr${deep.minimum === 1 ? 'y' : 'ies'}`)
  }
  return { entity, issues }
}
