import { BreakerStateCode } from '#cds-models/e2ba'
import type { DestinationLimits } from './processing-config'

/** May a call go now? Either yes (perhaps as the one probe of a half-open breaker), or not before `retryAt` */
export type Admission = { go: true; probe: boolean } | { go: false; retryAt: number }

export interface BreakerSnapshot {
  destination: string
  state: BreakerStateCode
  consecutiveFailures: number
  openedAt: number | null
  nextProbeAt: number | null
  lastError: string | null
}

/** While a probe is out, the others look again this much later */
const PROBE_PENDING_MS = 2000

/**
 * A circuit breaker for one destination, in this instance: after `breakerFailures`
 * consecutive transient failures it opens, and calls wait without being made (so chains
 * spend no attempts on a destination known to be down); after `breakerOpenSeconds` one call
 * goes as a probe: its success closes the breaker, its failure opens it again.
 * Answers that show the destination is up (success, or a 4xx about the request) count as
 * success. `onChange` hears every change of state, to show it in the monitor.
 */
export class CircuitBreaker {
  private state: BreakerStateCode = BreakerStateCode.CLOSED
  private failures = 0
  private openedAt: number | null = null
  private nextProbeAt: number | null = null
  private probeOut = false
  private lastError: string | null = null

  constructor(
    readonly destination: string,
    private readonly limits: Pick<DestinationLimits, 'breakerFailures' | 'breakerOpenSeconds'>,
    private readonly onChange: (snapshot: BreakerSnapshot) => void = () => {},
  ) {}

  /** Until when calls are held back (open, or a probe is out), without taking a probe's place */
  holdsUntil(now = Date.now()): number | undefined {
    if (this.state === BreakerStateCode.CLOSED) return undefined
    if (this.state === BreakerStateCode.OPEN && now < (this.nextProbeAt ?? 0)) return this.nextProbeAt ?? now
    return this.probeOut ? now + PROBE_PENDING_MS : undefined
  }

  admit(now = Date.now()): Admission {
    if (this.state === BreakerStateCode.CLOSED) return { go: true, probe: false }
    if (this.state === BreakerStateCode.OPEN && now < (this.nextProbeAt ?? 0)) return { go: false, retryAt: this.nextProbeAt ?? now }
    if (this.probeOut) return { go: false, retryAt: now + PROBE_PENDING_MS }
    this.probeOut = true
    if (this.state === BreakerStateCode.OPEN) this.change(BreakerStateCode.HALF_OPEN)
    return { go: true, probe: true }
  }

  /** The destination answered */
  succeeded(probe: boolean) {
    if (probe) this.probeOut = false
    this.failures = 0
    if (this.state !== BreakerStateCode.CLOSED) {
      this.openedAt = this.nextProbeAt = null
      this.change(BreakerStateCode.CLOSED)
    }
  }

  /** The destination failed transiently (5xx, throttling, timeout, network) */
  failed(probe: boolean, error: string, now = Date.now()) {
    if (probe) this.probeOut = false
    this.failures++
    this.lastError = error.slice(0, 1000)
    const opens = this.state === BreakerStateCode.HALF_OPEN ? probe : this.state === BreakerStateCode.CLOSED && this.failures >= this.limits.breakerFailures
    if (!opens) return
    this.openedAt = now
    this.nextProbeAt = now + this.limits.breakerOpenSeconds * 1000
    this.change(BreakerStateCode.OPEN)
  }

  /** A probe that ended without saying anything about the destination (e.g. the server stopped) */
  abandoned(probe: boolean) {
    if (probe) this.probeOut = false
  }

  snapshot(): BreakerSnapshot {
    const { destination, state, failures: consecutiveFailures, openedAt, nextProbeAt, lastError } = this
    return { destination, state, consecutiveFailures, openedAt, nextProbeAt, lastError }
  }

  private change(state: BreakerStateCode) {
    this.state = state
    this.onChange(this.snapshot())
  }
}
