import type { EdmAction, EdmEntitySet, EdmModel, EdmProperty } from './edm-model'
import { checkValue, dateTimeOffsetLiteral } from './edm-values'
import { domainOf, fits, isInstant, parseLiteral, type Literal } from './literals'
import { invalidQuery } from './odata-error'
import type { Entity } from './payload'

/** A bound action the mock performs: changes the entity in place and returns it */
export type MockAction = (entity: Entity, parameters: Entity, context: { now: Date }) => Entity

export interface ActionCall {
  set: EdmEntitySet
  action: EdmAction
  /** the key of the entity to act on */
  key: Map<string, string>
  /** the other parameters given, in their OData JSON form */
  parameters: Entity
}

/** Gateway's own URL parameters (sap-client, sap-language) and $format name no parameter of the action */
const isGatewayOption = (name: string) => name.startsWith('sap-') || name === '$format'

/** The JSON form of a literal, as checkValue takes it */
const jsonForm = (literal: Literal) => (isInstant(literal) ? dateTimeOffsetLiteral(literal.ms) : typeof literal === 'object' && literal !== null ? literal.value : literal)

function argument(property: EdmProperty, text: string): unknown {
  const literal = parseLiteral(text)
  if (literal === undefined || !fits(literal, domainOf(property))) throw invalidQuery(`Parameter '${property.name}' expects a literal of ${property.type}, got ${text}`)
  if (literal === null) {
    if (!property.nullable) throw invalidQuery(`Parameter '${property.name}' must not be null`)
    return null
  }
  const checked = checkValue(property, jsonForm(literal))
  if (!checked.ok) throw invalidQuery(`Parameter '${property.name}' ${checked.reason}`)
  return checked.value
}

/** The entity set whose entities the action of this name is bound to, if the model has such an action */
export function boundSetOf(model: EdmModel, name: string): EdmEntitySet | undefined {
  return [...model.entitySets.values()].find(set => set.type.actions.has(name))
}

/**
 * A V2 function import of an action bound to the set's entities, as SAP Gateway takes it:
 * `POST /<Action>?<Key>='…'&<Parameter>=<literal>`. Key and parameters are checked against
 * the imported model: every key is required, unknown parameters are refused.
 */
export function actionCall(set: EdmEntitySet, name: string, params: URLSearchParams): ActionCall {
  const action = set.type.actions.get(name)
  if (!action) throw invalidQuery(`${set.type.qualifiedName} has no action ${name}`)
  const key = new Map<string, string>()
  const parameters: Entity = {}
  for (const [parameter, text] of params) {
    if (isGatewayOption(parameter)) continue
    const keyProperty = set.type.keys.includes(parameter) ? set.type.properties.get(parameter) : undefined
    const property = keyProperty ?? action.parameters.get(parameter)
    if (!property) throw invalidQuery(`${name} has no parameter '${parameter}'; it takes ${[...set.type.keys, ...action.parameters.keys()].join(', ')}`)
    const value = argument(property, text)
    if (keyProperty) key.set(parameter, String(value))
    else parameters[parameter] = value
  }
  const missing = set.type.keys.filter(name => !key.has(name))
  if (missing.length > 0) throw invalidQuery(`${name} needs the key parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
  return { set, action, key, parameters }
}
