import { entitySetOf, type EdmEntityType, type EdmModel } from './edm-model'
import { isEntity, propertyValue, type Entity } from './payload'

/**
 * Entities in the OData V2 JSON SAP Gateway answers with: every property of the type (unset
 * ones with their initial value), `__metadata` with uri and type, and navigation properties
 * either expanded (`{ results: [...] }`) or `__deferred`.
 */
/** `('10000001')` for one key, `(A='1',B='2')` for several */
export function keyPredicate(type: EdmEntityType, entity: Entity): string {
  const literal = (name: string) => {
    const value = entity[name]
    return typeof value === 'string' ? `'${encodeURIComponent(value.replaceAll("'", "''"))}'` : String(value)
  }
  return type.keys.length === 1 ? `(${literal(type.keys[0] ?? '')})` : `(${type.keys.map(key => `${key}=${literal(key)}`).join(',')})`
}

export function entityUri(serviceRoot: string, model: EdmModel, type: EdmEntityType, entity: Entity): string {
  const set = entitySetOf(model, type)
  return `${serviceRoot}/${set?.name ?? type.name}${keyPredicate(type, entity)}`
}

export interface Shape {
  expand: readonly string[]
  select?: readonly string[]
}

export function entityJson(serviceRoot: string, model: EdmModel, type: EdmEntityType, entity: Entity, shape: Shape): Entity {
  const uri = entityUri(serviceRoot, model, type, entity)
  const selected = (name: string) => !shape.select || shape.select.includes(name)
  const json: Entity = { __metadata: { id: uri, uri, type: type.qualifiedName } }
  for (const property of type.properties.values()) {
    if (selected(property.name)) json[property.name] = propertyValue(entity, property)
  }
  for (const navigation of type.navigations.values()) {
    if (!selected(navigation.name)) continue
    const target = model.entityTypes.get(navigation.target)
    if (!shape.expand.includes(navigation.name) || !target) {
      json[navigation.name] = { __deferred: { uri: `${uri}/${navigation.name}` } }
      continue
    }
    const children = entity[navigation.name]
    const related = (Array.isArray(children) ? children : []).filter(isEntity).map(child => entityJson(serviceRoot, model, target, child, { expand: [] }))
    json[navigation.name] = navigation.many ? { results: related } : (related[0] ?? null)
  }
  return json
}
