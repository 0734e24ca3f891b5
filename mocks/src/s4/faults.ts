import { ODataError } from './odata-error'
import { seededRandom } from './random'

/**
 * Faults the tests, benchmarks and chaos runs inject through `POST /$control`. Deterministic
 * ones count down (`failNext`, `loseResponseNext`); probabilistic ones are rates in percent
 * (integers 0–100), drawn from a PRNG that `seed` makes repeatable.
 */
export interface FaultSettings {
  /** the next n modifying requests answer `status` and store nothing */
  failNext: number
  /** modifying requests answer `status` and store nothing, this often (%) */
  failRate: number
  status: number
  /** every OData answer waits this long */
  latencyMs: number
  /** OData requests get no answer at all, this often (%): the client has to give up */
  hangRate: number
  /** the next n creates store the entity, then drop the connection without an answer */
  loseResponseNext: number
  /** creates store the entity, then drop the connection without an answer, this often (%) */
  loseResponseRate: number
  /** creates are held without an answer and stored after `commitLateMs`, whether or not the client still waits, this often (%) */
  commitLateRate: number
  commitLateMs: number
  /** 1: HEAD answers 405, as some gateways and proxies do, so a CSRF token can only be fetched by GET */
  refuseHead: number
  /** seeds the PRNG behind the rates; setting it again restarts the same sequence */
  seed: number
}

const DEFAULTS: FaultSettings = {
  failNext: 0,
  failRate: 0,
  status: 503,
  latencyMs: 0,
  hangRate: 0,
  loseResponseNext: 0,
  loseResponseRate: 0,
  commitLateRate: 0,
  commitLateMs: 5_000,
  refuseHead: 0,
  seed: 1,
}
const PERCENT: [number, number] = [0, 100]
const LIMITS: Record<keyof FaultSettings, [number, number]> = {
  failNext: [0, 1_000_000],
  failRate: PERCENT,
  status: [400, 599],
  latencyMs: [0, 120_000],
  hangRate: PERCENT,
  loseResponseNext: [0, 1_000_000],
  loseResponseRate: PERCENT,
  commitLateRate: PERCENT,
  commitLateMs: [0, 600_000],
  refuseHead: [0, 1],
  seed: [0, 2 ** 32 - 1],
}
const isSetting = (name: string): name is keyof FaultSettings => name in LIMITS

export class Faults {
  private settings: FaultSettings = { ...DEFAULTS }
  private random = seededRandom(DEFAULTS.seed)

  /** Applies the given settings (others stay); refuses the whole request if one is invalid */
  configure(body: unknown): FaultSettings {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ODataError(400, 'S4MOCK/CONTROL', 'Expected a JSON object')
    const changes: Partial<FaultSettings> = {}
    for (const [name, value] of Object.entries(body)) {
      if (!isSetting(name)) throw new ODataError(400, 'S4MOCK/CONTROL', `Unknown setting '${name}'; known are ${Object.keys(LIMITS).join(', ')}`)
      const [min, max] = LIMITS[name]
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new ODataError(400, 'S4MOCK/CONTROL', `'${name}' must be an integer from ${min} to ${max}`)
      }
      changes[name] = value
    }
    this.settings = { ...this.settings, ...changes }
    if (changes.seed !== undefined) this.random = seededRandom(changes.seed)
    return this.snapshot()
  }

  snapshot(): FaultSettings {
    return { ...this.settings }
  }

  reset() {
    this.settings = { ...DEFAULTS }
    this.random = seededRandom(DEFAULTS.seed)
  }

  get latencyMs() {
    return this.settings.latencyMs
  }

  get refusesHead() {
    return this.settings.refuseHead === 1
  }

  get commitLateMs() {
    return this.settings.commitLateMs
  }

  /** True this often (percent); draws nothing for a rate of 0, so other rates keep their sequence */
  private roll(percent: number) {
    return percent > 0 && this.random() * 100 < percent
  }

  /** Takes one from a countdown setting, if any is left */
  private take(setting: 'failNext' | 'loseResponseNext') {
    if (this.settings[setting] === 0) return false
    this.settings[setting]--
    return true
  }

  /** The status to fail this modifying request with, if a failure is due */
  takeFailure(): number | undefined {
    return this.take('failNext') || this.roll(this.settings.failRate) ? this.settings.status : undefined
  }

  /** Whether this request is to get no answer at all */
  takeHang(): boolean {
    return this.roll(this.settings.hangRate)
  }

  /** Whether the response of this (stored) create is to be lost */
  takeLoss(): boolean {
    return this.take('loseResponseNext') || this.roll(this.settings.loseResponseRate)
  }

  /** Whether this create is to be held and stored late, unanswered */
  takeLateCommit(): boolean {
    return this.roll(this.settings.commitLateRate)
  }
}
