/**
 * Malformed inputs made from a valid sample, reproducibly (seeded): wrong types, truncation,
 * huge strings, deep nesting, invalid UTF-8, prototype keys, wrong enum values, dates and
 * numbers out of range, missing fields. Each case names its mutation, so a failure says which.
 */
export interface Mutation {
  kind: string
  body: Buffer
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = (string | number)[]

/** A small deterministic generator (LCG): the same seed, the same cases */
export function random(seed: number) {
  let state = seed >>> 0 || 1
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  return {
    below: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
  }
}

/** every path into the sample, the root included */
function paths(value: Json, at: Path = []): Path[] {
  const inner =
    value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, child]) => paths(child, [...at, Array.isArray(value) ? Number(key) : key])) : []
  return [at, ...inner]
}

function replaceAt(value: Json, path: Path, replacement: Json): Json {
  if (!path.length) return replacement
  const [head, ...rest] = path
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) }) as Record<string | number, Json>
  copy[head as string | number] = replaceAt(copy[head as string | number] as Json, rest, replacement)
  return copy
}

function removeAt(value: Json, path: Path): Json {
  if (path.length === 1 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== String(path[0])))
  }
  if (!path.length || value === null || typeof value !== 'object') return value
  const [head, ...rest] = path
  return replaceAt(value, [head as string | number], removeAt((value as Record<string | number, Json>)[head as string | number] as Json, rest))
}

/** objects and arrays nested `levels` deep, as text: too deep for JSON.stringify to build */
const nestedText = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`

const OTHER_TYPES: Json[] = [null, true, 0, -1, '', 'text', [], {}, [1, 'a'], { x: 1 }]
const BAD_NUMBERS: Json[] = [1e308, -1e308, 1e20, -1e20, 2 ** 53 + 1, -0, 0.1 + 0.2, 'NaN', 'Infinity', '1e999']
const BAD_DATES: Json[] = ['2026-13-45T99:99:99Z', '', '0000-00-00T00:00:00Z', '+275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00Z', 'yesterday', '2026-11-25', 1e20]
const WRONG_ENUMS: Json[] = ['CRITICALLY', 'critical', 'THRESHOLD ', 'vibration\u0000', 'DROP TABLE', '💥', 'x'.repeat(300)]

const MUTATORS: Record<string, (sample: Json, r: ReturnType<typeof random>) => Buffer> = {
  'wrong type': (s, r) => json(replaceAt(s, r.pick(paths(s)), r.pick(OTHER_TYPES))),
  truncated: (s, r) => {
    const text = Buffer.from(JSON.stringify(s))
    return text.subarray(0, r.below(text.length))
  },
  'huge string': (s, r) => json(replaceAt(s, r.pick(paths(s).filter(p => p.length)), 'x'.repeat(1000 + r.below(300_000)))),
  'deep nesting': (s, r) => Buffer.from(JSON.stringify(replaceAt(s, r.pick(paths(s)), '\u0000deep')).replace('"\\u0000deep"', nestedText(10 + r.below(10_000)))),
  'invalid UTF-8': (s, r) => {
    const text = Buffer.from(JSON.stringify(s))
    const at = r.below(text.length)
    return Buffer.concat([text.subarray(0, at), Buffer.from(r.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80]])), text.subarray(at)])
  },
  'prototype keys': (s, r) => {
    const objects = paths(s).filter(p => p.length === 0 || typeof p[p.length - 1] === 'string')
    const text = JSON.stringify(replaceAt(s, r.pick(objects), { polluted: true }))
    return Buffer.from(text.replace('"polluted":true', r.pick(['"__proto__":{"isAdmin":true}', '"constructor":{"prototype":{"isAdmin":true}}', '"__proto__":null', '"prototype":[]'])))
  },
  'wrong enum': (s, r) => json(replaceAt(s, r.pick(paths(s).filter(p => p.length)), r.pick(WRONG_ENUMS))),
  'number out of range': (s, r) => json(replaceAt(s, r.pick(paths(s).filter(p => p.length)), r.pick(BAD_NUMBERS))),
  'date out of range': (s, r) => json(replaceAt(s, r.pick(paths(s).filter(p => p.length)), r.pick(BAD_DATES))),
  'missing field': (s, r) => json(removeAt(s, r.pick(paths(s).filter(p => p.length)))),
  'not an object': (_, r) => json(r.pick(OTHER_TYPES)),
}

const json = (value: Json) => Buffer.from(JSON.stringify(value))

/** `count` malformed variants of the sample, every kind in turn */
export function mutations(sample: unknown, count: number, seed = 42): Mutation[] {
  const r = random(seed)
  const kinds = Object.keys(MUTATORS)
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length] as string
    return { kind, body: (MUTATORS[kind] as (s: Json, r: ReturnType<typeof random>) => Buffer)(sample as Json, r) }
  })
}

/** How many cases per entry point: a small form in `npm test`, FUZZ_CASES for the full run */
export const FUZZ_CASES = Number(process.env.FUZZ_CASES ?? 120)
