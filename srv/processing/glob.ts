/**
 * Admin-written patterns: `*` matches any run of characters, `?` one character, anything else
 * itself; anchored and case-sensitive. Matched without regular expressions, in time linear in
 * the value for a given pattern: the parts between stars are found left to right, each at its
 * first place, which is enough for globs (no backtracking, so `*a*a*a*b` cannot blow up).
 */
interface Compiled {
  /** the pattern cut at its stars: the first part is anchored at the start, the last at the end */
  parts: string[]
}

const cache = new Map<string, Compiled>()

function compile(pattern: string): Compiled {
  let compiled = cache.get(pattern)
  if (!compiled) {
    compiled = { parts: pattern.split('*') }
    cache.set(pattern, compiled)
  }
  return compiled
}

/** Whether `part` (with `?` for any one character) matches `value` at `at` */
function matchesAt(part: string, value: string, at: number) {
  if (at + part.length > value.length) return false
  for (let i = 0; i < part.length; i++) if (part[i] !== '?' && part[i] !== value[at + i]) return false
  return true
}

/** The first position from `from` where `part` matches, or -1 */
function find(part: string, value: string, from: number) {
  for (let at = from; at + part.length <= value.length; at++) if (matchesAt(part, value, at)) return at
  return -1
}

export function matchesGlob(pattern: string, value: string | null | undefined): boolean {
  if (value == null) return false
  const { parts } = compile(pattern)
  const first = parts[0] as string
  if (parts.length === 1) return first.length === value.length && matchesAt(first, value, 0)
  const last = parts[parts.length - 1] as string
  // the anchored ends must fit without overlapping
  if (first.length + last.length > value.length || !matchesAt(first, value, 0) || !matchesAt(last, value, value.length - last.length)) return false
  let at = first.length
  const end = value.length - last.length
  for (const part of parts.slice(1, -1)) {
    const found = find(part, value.slice(0, end), at)
    if (found < 0) return false
    at = found + part.length
  }
  return true
}
