/**
 * Admin-written patterns: `*` matches any run of characters, `?` one character, anything else
 * itself. Compiled once per pattern; matching is anchored and case-sensitive.
 */
const cache = new Map<string, RegExp>()

export function globToRegExp(pattern: string): RegExp {
  let compiled = cache.get(pattern)
  if (!compiled) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
    compiled = new RegExp(`^${source}$`, 's')
    cache.set(pattern, compiled)
  }
  return compiled
}

export const matchesGlob = (pattern: string, value: string | null | undefined) => value != null && globToRegExp(pattern).test(value)
