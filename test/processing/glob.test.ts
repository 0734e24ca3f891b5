import { matchesGlob } from '../../srv/processing/glob'

/** The obvious definition, as a regular expression: fine for short values, exponential for long ones */
const reference = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(value)

/** a small deterministic generator, so failures reproduce */
function random(seed: number) {
  let state = seed
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state % n
  }
}

describe('glob patterns of rules', () => {
  it.each([
    ['/Plant1010/*/Pump*', '/Plant1010/Line1/Pump2', true],
    ['/Plant1010/*/Pump*', '/Plant1710/Line1/Pump2', false],
    ['Motor?', 'Motor1', true],
    ['Motor?', 'Motor12', false],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*.*', 'no dot', false],
    ['(x)+[y]', '(x)+[y]', true],
    ['*', null, false],
  ] as const)('%s on %s: %s', (pattern, value, expected) => {
    expect(matchesGlob(pattern, value)).toBe(expected)
  })

  it('agrees with the regular-expression definition on 20,000 generated patterns and values', () => {
    const next = random(42)
    const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[next(alphabet.length)]).join('')
    const disagreements: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick('ab*?', next(7))
      const value = pick('ab', next(9))
      if (matchesGlob(pattern, value) !== reference(pattern, value)) disagreements.push(`${pattern} ${value}`)
    }
    expect(disagreements).toEqual([])
  })

  it('answers at once where backtracking would not: *a*a*a*b on long values', () => {
    const long = 'a'.repeat(5000)
    expect(matchesGlob('*a*a*a*b', long)).toBe(false)
    expect(matchesGlob('*a*a*a*b', `${long}b`)).toBe(true)
    expect(matchesGlob('*?*?*?*?*?*?*?*?*b', long)).toBe(false)
  })
})
