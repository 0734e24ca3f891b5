import cds from '@sap/cds'
import { Limits } from '#cds-models/e2ba/contract'
import type { AnomalyEvent, LegacyEvent } from '#contract'
import { InvalidEvent } from './invalid-event'

/**
 * Validates untrusted input against a structured type of the CDS contract
 * (db/contract.cds) and returns a fresh object holding only the contract's elements:
 * unknown fields are dropped, so keys such as __proto__ are never copied. Each element
 * is checked for its CDS type, length, enum values and `not null`.
 */
interface Element {
  type?: string
  length?: number
  notNull?: boolean
  enum?: Record<string, { val?: unknown }>
  elements?: Record<string, Element>
  items?: Element
}

type Definitions = Record<string, Element | undefined>

/** The contract types intake validates, by their CDS names */
interface ContractTypes {
  'e2ba.contract.AnomalyEvent': AnomalyEvent
  'e2ba.contract.LegacyEvent': LegacyEvent
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

export class ContractValidator {
  /** per element of the contract: its enum values and CDS built-in type, worked out once (the model does not change) */
  private readonly scalars = new Map<Element, { enumValues: unknown[] | undefined; type: string | undefined }>()
  private readonly structures = new Map<Record<string, Element>, [string, Element][]>()

  constructor(
    private readonly definitions: Definitions,
    readonly limits: { maxEventBytes: number; maxSamples: number; maxStringLength: number; maxJsonDepth: number },
  ) {}

  /** The validator for the model CAP serves */
  static forModel(model: cds.linked.LinkedCSN | undefined = cds.model) {
    const definitions = (model?.definitions ?? {}) as unknown as Definitions
    return new ContractValidator(definitions, Limits)
  }

  /** @throws InvalidEvent naming every path that is wrong */
  validate<Name extends keyof ContractTypes>(typeName: Name, input: unknown): ContractTypes[Name] {
    const type = this.definitions[typeName]
    if (!type) throw new Error(`unknown contract type ${typeName}`)
    const problems: string[] = []
    const value = this.check(type, input, typeName.split('.').at(-1) ?? typeName, problems)
    if (problems.length) throw new InvalidEvent(problems.slice(0, 10).join('; '))
    return value as ContractTypes[Name]
  }

  private check(element: Element, input: unknown, path: string, problems: string[]): unknown {
    if (input === undefined || input === null) {
      if (element.notNull) problems.push(`${path}: required`)
      return undefined
    }
    if (element.items) return this.checkArray(element.items, input, path, problems)
    const structure = element.elements ?? (element.type ? this.definitions[element.type]?.elements : undefined)
    if (structure) return this.checkStructure(structure, input, path, problems)
    return this.checkScalar(element, input, path, problems)
  }

  private checkStructure(elements: Record<string, Element>, input: unknown, path: string, problems: string[]) {
    if (typeof input !== 'object' || Array.isArray(input)) {
      problems.push(`${path}: must be an object`)
      return undefined
    }
    const source = input as Record<string, unknown>
    const result: Record<string, unknown> = {}
    for (const [name, element] of this.entriesOf(elements)) {
      const value = this.check(element, Object.hasOwn(source, name) ? source[name] : undefined, `${path}.${name}`, problems)
      if (value !== undefined) result[name] = value
    }
    return result
  }

  private checkArray(items: Element, input: unknown, path: string, problems: string[]) {
    if (!Array.isArray(input)) {
      problems.push(`${path}: must be an array`)
      return undefined
    }
    if (input.length > this.limits.maxSamples) problems.push(`${path}: at most ${this.limits.maxSamples} entries`)
    return input.slice(0, this.limits.maxSamples).map((each, i) => this.check(items, each, `${path}[${i}]`, problems))
  }

  private checkScalar(element: Element, input: unknown, path: string, problems: string[]) {
    const { enumValues, type } = this.scalarOf(element)
    if (enumValues && !enumValues.includes(input)) {
      problems.push(`${path}: must be one of ${enumValues.join(', ')}`)
      return undefined
    }
    switch (type) {
      case 'cds.String':
      case 'cds.LargeString': {
        // large strings are bounded by the event size limit alone
        const max = type === 'cds.String' ? Math.min(element.length ?? Infinity, this.limits.maxStringLength) : Infinity
        if (typeof input !== 'string') problems.push(`${path}: must be a string`)
        else if (input.length > max) problems.push(`${path}: at most ${max} characters`)
        else return input
        return undefined
      }
      case 'cds.Double':
      case 'cds.Decimal':
        if (typeof input === 'number' && Number.isFinite(input)) return input
        problems.push(`${path}: must be a finite number`)
        return undefined
      case 'cds.Integer':
      case 'cds.Int64':
        if (Number.isSafeInteger(input)) return input
        problems.push(`${path}: must be an integer`)
        return undefined
      case 'cds.Timestamp':
      case 'cds.DateTime':
        if (typeof input === 'string' && ISO_TIMESTAMP.test(input) && !Number.isNaN(Date.parse(input))) return new Date(input).toISOString()
        problems.push(`${path}: must be an ISO 8601 timestamp`)
        return undefined
      case 'cds.Boolean':
        if (typeof input === 'boolean') return input
        problems.push(`${path}: must be true or false`)
        return undefined
      default:
        problems.push(`${path}: unsupported type ${type ?? '?'}`)
        return undefined
    }
  }

  private entriesOf(elements: Record<string, Element>) {
    let entries = this.structures.get(elements)
    if (!entries) this.structures.set(elements, (entries = Object.entries(elements)))
    return entries
  }

  private scalarOf(element: Element) {
    let scalar = this.scalars.get(element)
    if (!scalar) {
      const enumValues = element.enum && Object.entries(element.enum).map(([name, { val }]) => val ?? name)
      scalar = { enumValues, type: this.baseType(element) }
      this.scalars.set(element, scalar)
    }
    return scalar
  }

  /** Follows derived types down to the CDS built-in (e.g. e2ba.contract.Severity → cds.String) */
  private baseType(element: Element): string | undefined {
    let type = element.type
    for (let depth = 0; type && !type.startsWith('cds.') && depth < 10; depth++) type = this.definitions[type]?.type
    return type
  }
}
