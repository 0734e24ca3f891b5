import { seededRandom } from '../src/random'

const draw = (seed: number, n: number) => {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => random.next())
}

describe('seededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100))
  })

  it('gives a different sequence for another seed', () => {
    expect(draw(42, 10)).not.toEqual(draw(43, 10))
  })

  it('stays in [0, 1) and spreads evenly', () => {
    const values = draw(7, 10_000)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    expect(mean).toBeCloseTo(0.5, 1)
  })

  it('draws gaussians with the requested mean and spread', () => {
    const random = seededRandom(1)
    const values = Array.from({ length: 20_000 }, () => random.gaussian(3, 0.5))
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)
    expect(mean).toBeCloseTo(3, 1)
    expect(sd).toBeCloseTo(0.5, 1)
    expect(values.every(Number.isFinite)).toBe(true)
  })
})
