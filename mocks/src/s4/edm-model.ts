/**
 * The parts of an OData V2 service the stand-in needs: entity types with their keys,
 * properties (Edm type, MaxLength, Precision/Scale, Nullable, sap:creatable/updatable/
 * filterable/sortable), navigation properties and bound actions, and the entity sets of the
 * container. Built from the imported model (see csn-model.ts).
 */
export interface EdmProperty {
  name: string
  type: string
  maxLength?: number
  precision?: number
  scale?: number
  nullable: boolean
  creatable: boolean
  updatable: boolean
  filterable: boolean
  sortable: boolean
}

export interface EdmNavigation {
  name: string
  /** qualified name of the target entity type */
  target: string
  many: boolean
}

/** An action bound to an entity (a V2 function import with `sap:action-for`): called with the entity's keys and these parameters */
export interface EdmAction {
  name: string
  parameters: Map<string, EdmProperty>
}

export interface EdmEntityType {
  name: string
  qualifiedName: string
  keys: string[]
  properties: Map<string, EdmProperty>
  navigations: Map<string, EdmNavigation>
  actions: Map<string, EdmAction>
}

export interface EdmEntitySet {
  name: string
  type: EdmEntityType
  creatable: boolean
}

export interface EdmModel {
  namespace: string
  entityTypes: Map<string, EdmEntityType>
  entitySets: Map<string, EdmEntitySet>
}

/** The entity set holding entities of the given type (SAP APIs have one per type) */
export function entitySetOf(model: EdmModel, type: EdmEntityType): EdmEntitySet | undefined {
  return [...model.entitySets.values()].find(set => set.type === type)
}
