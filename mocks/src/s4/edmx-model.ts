/**
 * Reads the parts of an OData V2 EDMX the mock needs: entity types with their keys,
 * properties (Edm type, MaxLength, Precision/Scale, Nullable, sap:creatable/updatable/
 * filterable) and navigation properties, and the entity sets of the container. A few regexes
 * over the well-formed files SAP publishes are enough; this is no general XML parser.
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
}

export interface EdmNavigation {
  name: string
  /** qualified name of the target entity type */
  target: string
  many: boolean
}

export interface EdmEntityType {
  name: string
  qualifiedName: string
  keys: string[]
  properties: Map<string, EdmProperty>
  navigations: Map<string, EdmNavigation>
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

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' }

/** The attributes of a start tag; values are quoted, so `>` may occur inside them */
function attributes(tag: string): Map<string, string> {
  const result = new Map<string, string>()
  for (const [, name = '', value = ''] of tag.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
    result.set(name, value.replace(/&(quot|apos|lt|gt|amp);/g, (_, entity: string) => ENTITIES[entity] ?? ''))
  }
  return result
}

/** Start tags (including self-closing ones) named `name` within `xml` */
function tags(xml: string, name: string): Map<string, string>[] {
  const pattern = new RegExp(`<${name}\\s((?:[^>"]|"[^"]*")*)>`, 'g')
  return [...xml.matchAll(pattern)].map(match => attributes(match[1] ?? ''))
}

/** Elements named `name` with their attributes and inner XML */
function elements(xml: string, name: string): { attrs: Map<string, string>; body: string }[] {
  const pattern = new RegExp(`<${name}\\s((?:[^>"]|"[^"]*")*?)(?:/>|>([\\s\\S]*?)</${name}>)`, 'g')
  return [...xml.matchAll(pattern)].map(match => ({ attrs: attributes(match[1] ?? ''), body: match[2] ?? '' }))
}

function required(attrs: Map<string, string>, name: string, where: string): string {
  const value = attrs.get(name)
  if (value === undefined) throw new Error(`EDMX: ${where} lacks the attribute ${name}`)
  return value
}

const optionalNumber = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value))

function property(attrs: Map<string, string>): EdmProperty {
  const name = required(attrs, 'Name', 'a Property')
  return {
    name,
    type: required(attrs, 'Type', `Property ${name}`),
    maxLength: optionalNumber(attrs.get('MaxLength')),
    precision: optionalNumber(attrs.get('Precision')),
    scale: optionalNumber(attrs.get('Scale')),
    nullable: attrs.get('Nullable') !== 'false',
    creatable: attrs.get('sap:creatable') !== 'false',
    updatable: attrs.get('sap:updatable') !== 'false',
    filterable: attrs.get('sap:filterable') !== 'false',
  }
}

/** Association name → role → { target type, many } */
function associationEnds(schema: string, namespace: string) {
  const ends = new Map<string, { type: string; many: boolean }>()
  for (const association of elements(schema, 'Association')) {
    const name = `${namespace}.${required(association.attrs, 'Name', 'an Association')}`
    for (const end of tags(association.body, 'End')) {
      const role = required(end, 'Role', `Association ${name}`)
      ends.set(`${name}/${role}`, { type: required(end, 'Type', `Association ${name}`), many: end.get('Multiplicity') === '*' })
    }
  }
  return ends
}

export function parseEdmx(xml: string): EdmModel {
  const schema = elements(xml, 'Schema')[0]
  if (!schema) throw new Error('EDMX: no Schema')
  const namespace = required(schema.attrs, 'Namespace', 'the Schema')
  const ends = associationEnds(schema.body, namespace)

  const entityTypes = new Map<string, EdmEntityType>()
  for (const { attrs, body } of elements(schema.body, 'EntityType')) {
    const name = required(attrs, 'Name', 'an EntityType')
    const qualifiedName = `${namespace}.${name}`
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1] ?? ''
    const navigations = tags(body, 'NavigationProperty').map(nav => {
      const navName = required(nav, 'Name', `a NavigationProperty of ${name}`)
      const end = ends.get(`${required(nav, 'Relationship', navName)}/${required(nav, 'ToRole', navName)}`)
      if (!end) throw new Error(`EDMX: the association of ${name}/${navName} is missing`)
      return { name: navName, target: end.type, many: end.many }
    })
    entityTypes.set(qualifiedName, {
      name,
      qualifiedName,
      keys: tags(key, 'PropertyRef').map(ref => required(ref, 'Name', `a PropertyRef of ${name}`)),
      properties: new Map(tags(body, 'Property').map(attributes => [attributes.get('Name') ?? '', property(attributes)])),
      navigations: new Map(navigations.map(nav => [nav.name, nav])),
    })
  }

  const entitySets = new Map<string, EdmEntitySet>()
  for (const set of tags(schema.body, 'EntitySet')) {
    const name = required(set, 'Name', 'an EntitySet')
    const type = entityTypes.get(required(set, 'EntityType', `EntitySet ${name}`))
    if (!type) throw new Error(`EDMX: the type of EntitySet ${name} is missing`)
    entitySets.set(name, { name, type, creatable: set.get('sap:creatable') !== 'false' })
  }
  return { namespace, entityTypes, entitySets }
}

/** The entity set holding entities of the given type (SAP APIs have one per type) */
export function entitySetOf(model: EdmModel, type: EdmEntityType): EdmEntitySet | undefined {
  return [...model.entitySets.values()].find(set => set.type === type)
}
