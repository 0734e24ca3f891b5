import cds from '@sap/cds'
import path from 'node:path'
import type { EdmEntitySet, EdmEntityType, EdmModel, EdmNavigation, EdmProperty } from './edm-model'

/** Where `cds import` put the S/4 APIs the app calls: the stand-in serves the very same model */
const EXTERNAL = path.resolve(__dirname, '..', '..', '..', 'srv', 'external')

interface CsnElement {
  type?: string
  key?: boolean
  notNull?: boolean
  length?: number
  precision?: number
  scale?: number
  target?: string
  cardinality?: { max?: string | number }
  [annotation: `@${string}`]: unknown
}

interface CsnDefinition {
  kind?: string
  elements?: Record<string, CsnElement>
  /** bound actions, which `cds import` makes of the function imports with `sap:action-for` */
  actions?: Record<string, { params?: Record<string, CsnElement> }>
  [annotation: `@${string}`]: unknown
}

interface Csn {
  definitions: Record<string, CsnDefinition>
}

/** cds.compile as used here: synchronously from files, and to OData V2 EDMX (cds-types knows neither) */
const compile = cds.compile as unknown as {
  (files: string[], options: { sync: true }): Csn
  to: { edmx(csn: Csn, options: { service: string; version: 'v2' }): string }
}

/** OData V2 types of CDS types, as `cds import` maps them back; `@odata.Type` names the exact one where they differ */
const EDM_TYPES: Record<string, string> = {
  'cds.String': 'Edm.String',
  'cds.LargeString': 'Edm.String',
  'cds.Boolean': 'Edm.Boolean',
  'cds.Date': 'Edm.DateTime',
  'cds.DateTime': 'Edm.DateTime',
  'cds.Timestamp': 'Edm.DateTimeOffset',
  'cds.Time': 'Edm.Time',
  'cds.Decimal': 'Edm.Decimal',
  'cds.Double': 'Edm.Double',
  'cds.UInt8': 'Edm.Byte',
  'cds.Int16': 'Edm.Int16',
  'cds.Integer': 'Edm.Int32',
  'cds.Int32': 'Edm.Int32',
  'cds.Integer64': 'Edm.Int64',
  'cds.Int64': 'Edm.Int64',
  'cds.UUID': 'Edm.Guid',
  'cds.Binary': 'Edm.Binary',
  'cds.LargeBinary': 'Edm.Binary',
}

/** SAP's `sap:*` attributes survive the import as annotations with the string values of the EDMX */
const allows = (annotated: CsnElement | CsnDefinition, name: string) => {
  const value = annotated[`@sap.${name}`]
  return value !== 'false' && value !== false
}

const isNavigation = (element: CsnElement) => element.type === 'cds.Association' || element.type === 'cds.Composition'

function property(name: string, element: CsnElement): EdmProperty {
  const type = typeof element['@odata.Type'] === 'string' ? element['@odata.Type'] : element.type && EDM_TYPES[element.type]
  if (!type) throw new Error(`${name}: the stand-in has no OData V2 type for ${element.type}`)
  return {
    name,
    type,
    maxLength: element.length,
    precision: element.precision,
    scale: element.scale,
    nullable: !element.key && !element.notNull,
    creatable: allows(element, 'creatable'),
    updatable: allows(element, 'updatable'),
    filterable: allows(element, 'filterable'),
    sortable: allows(element, 'sortable'),
  }
}

function entityType(qualifiedName: string, definition: CsnDefinition): EdmEntityType {
  const elements = Object.entries(definition.elements ?? {})
  const navigations: EdmNavigation[] = elements
    .filter(([, element]) => isNavigation(element))
    .map(([name, element]) => ({ name, target: element.target ?? '', many: element.cardinality?.max === '*' }))
  return {
    name: qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1),
    qualifiedName,
    keys: elements.filter(([, element]) => element.key).map(([name]) => name),
    properties: new Map(elements.filter(([, element]) => !isNavigation(element)).map(([name, element]) => [name, property(name, element)])),
    navigations: new Map(navigations.map(navigation => [navigation.name, navigation])),
    actions: new Map(
      Object.entries(definition.actions ?? {}).map(([name, action]) => [
        name,
        { name, parameters: new Map(Object.entries(action.params ?? {}).map(([parameter, element]) => [parameter, property(parameter, element)])) },
      ]),
    ),
  }
}

/**
 * An imported S/4 API (srv/external/<service>) as the stand-in serves it: its entity sets
 * with keys, properties and navigations, and its `$metadata` compiled from the same model.
 */
export function importedService(service: string): { model: EdmModel; edmx: string } {
  const csn = compile([path.join(EXTERNAL, service)], { sync: true })
  const entityTypes = new Map<string, EdmEntityType>()
  const entitySets = new Map<string, EdmEntitySet>()
  for (const [name, definition] of Object.entries(csn.definitions)) {
    if (definition.kind !== 'entity' || !name.startsWith(`${service}.`)) continue
    const type = entityType(name, definition)
    entityTypes.set(name, type)
    entitySets.set(type.name, { name: type.name, type, creatable: allows(definition, 'creatable') })
  }
  return { model: { namespace: service, entityTypes, entitySets }, edmx: compile.to.edmx(csn, { service, version: 'v2' }) }
}
