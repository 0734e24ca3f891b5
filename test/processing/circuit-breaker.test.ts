import { nextRetry } from '../../srv/processing/backoff'
import { CircuitBreaker, type BreakerSnapshot } from '../../srv/processing/circuit-breaker'

describe('a circuit breaker', () => {
  const limits = { breakerFailures: 3, breakerOpenSeconds: 10 }
  const T = 1_000_000

  it('opens after consecutive failures, holds calls back, lets one probe go, and closes when it succeeds', () => {
    const changes: BreakerSnapshot[] = []
    const breaker = new CircuitBreaker('S4', limits, s => changes.push(s))
    breaker.failed(false, '503', T)
    breaker.succeeded(false) // a success in between starts the count again
    for (let i = 0; i < 3; i++) {
      expect(breaker.admit(T)).toEqual({ go: true, probe: false })
      breaker.failed(false, '503', T)
    }
    expect(changes.map(c => c.state)).toEqual(['OPEN'])
    expect(breaker.holdsUntil(T + 5000)).toBe(T + 10_000)
    expect(breaker.admit(T + 5000)).toEqual({ go: false, retryAt: T + 10_000 })
    // the open time passed: one probe, the others wait for it
    expect(breaker.holdsUntil(T + 10_000)).toBeUndefined()
    expect(breaker.admit(T + 10_000)).toEqual({ go: true, probe: true })
    expect(breaker.admit(T + 10_001)).toEqual({ go: false, retryAt: expect.any(Number) as number })
    breaker.succeeded(true)
    expect(changes.map(c => c.state)).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED'])
    expect(breaker.admit(T + 10_002)).toEqual({ go: true, probe: false })
  })

  it('opens again when the probe fails, for another open time', () => {
    const breaker = new CircuitBreaker('S4', limits)
    for (let i = 0; i < 3; i++) breaker.failed(false, 'timeout', T)
    expect(breaker.admit(T + 10_000)).toEqual({ go: true, probe: true })
    breaker.failed(true, 'still down', T + 11_000)
    expect(breaker.snapshot()).toMatchObject({ state: 'OPEN', nextProbeAt: T + 21_000, lastError: 'still down' })
    // calls that were under way when it opened change nothing
    breaker.failed(false, 'late', T + 12_000)
    expect(breaker.snapshot()).toMatchObject({ state: 'OPEN', nextProbeAt: T + 21_000 })
  })
})

describe('retry backoff', () => {
  const action = { maxAttempts: 50, retryHorizonMinutes: 60, commitWindowSeconds: 60 }
  const retry = { baseSeconds: 2, maxDelaySeconds: 300 }
  const first = new Date(0)

  it('doubles the delay per attempt, jittered within its upper half, up to the maximum', () => {
    const delays = (random: number) => [1, 2, 3, 4, 10].map(n => (nextRetry(action, n, first, false, retry, 0, () => random) as { at: Date }).at.getTime())
    expect(delays(0)).toEqual([1000, 2000, 4000, 8000, 150_000])
    expect(delays(1)).toEqual([2000, 4000, 8000, 16_000, 300_000])
  })

  it('waits out the commit window after a write whose outcome is unknown', () => {
    expect(nextRetry(action, 1, first, true, retry, 0, () => 0)).toEqual({ giveUp: false, at: new Date(60_000) })
  })

  it('gives up when the horizon has passed or the attempts ran out', () => {
    expect(nextRetry(action, 20, first, false, retry, 60 * 60_000)).toMatchObject({ giveUp: true, reason: expect.stringMatching(/horizon of 60 min/) as string })
    expect(nextRetry({ ...action, maxAttempts: 3 }, 3, first, false, retry, 0)).toMatchObject({ giveUp: true })
    expect(nextRetry(action, 19, first, false, retry, 59 * 60_000)).toMatchObject({ giveUp: false })
  })
})
