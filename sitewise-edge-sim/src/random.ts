/**
 * Seeded pseudo-random numbers (mulberry32): the same seed gives the same telemetry and the
 * same faults, so a scenario and its ground truth can be replayed exactly.
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number
  /** normally distributed, by Box-Muller */
  gaussian(mean?: number, stdDev?: number): number
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const gaussian = (mean = 0, stdDev = 1): number => {
    const u = 1 - next() // (0, 1]: log(0) is never taken
    const v = next()
    return mean + stdDev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  return { next, gaussian }
}
