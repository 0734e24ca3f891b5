import type { Asset } from './fleet'
import { seededRandom, type Random } from './random'

/** A healthy reading of one asset at one instant */
export interface HealthyReading {
  /** machine load, 0–1 */
  load: number
  /** vibration velocity RMS, mm/s */
  vibration: number
  /** housing temperature, °C */
  temperature: number
}

/** Per-asset constants: what makes Motor 1 differ from Pump 1 (drawn once from the seed) */
interface Character {
  vibrationBase: number
  vibrationNoise: number
  /** seconds of the slow batch cycle and the short process cycle */
  batchPeriod: number
  processPeriod: number
  phase: number
  /** °C above ambient when idling, and added at full load */
  idleRise: number
  loadRise: number
  /** thermal time constant, seconds */
  tau: number
}

const DAY = 86_400

/** Stable 32-bit seed for one stream of one asset: streams never share draws, so a fault on one asset changes nothing on another */
export function streamSeed(seed: number, ...parts: string[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (const char of parts.join('/')) {
    h = Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0
  }
  return h
}

function character(asset: Asset, random: Random): Character {
  const pump = asset.kind === 'PUMP'
  return {
    // ISO 10816 class II "good" zone is below 1.12 mm/s, "satisfactory" below 2.8: healthy machines idle in between
    vibrationBase: (pump ? 1.55 : 1.3) + random.next() * 0.25,
    vibrationNoise: 0.04 + random.next() * 0.03,
    batchPeriod: 2400 + random.next() * 1800,
    processPeriod: 420 + random.next() * 300,
    phase: random.next() * 2 * Math.PI,
    idleRise: (pump ? 16 : 18) + random.next() * 2,
    loadRise: (pump ? 18 : 20) + random.next() * 3,
    tau: 900 + random.next() * 600,
  }
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** Outdoor-coupled hall temperature: a day curve peaking mid-afternoon plus a slow bounded wander */
function ambient(epochSeconds: number, wander: number): number {
  const hourAngle = (2 * Math.PI * ((epochSeconds % DAY) / DAY - 9 / 24)) % (2 * Math.PI)
  return 22 + 3 * Math.sin(hourAngle) + wander
}

/**
 * The healthy physics of one asset, stepped sample by sample:
 * - load follows a batch cycle and a short process cycle with a little jitter;
 * - vibration RMS rises with load, plus sensor noise;
 * - temperature is a first-order lag (thermal inertia) towards ambient + idle rise + load rise,
 *   so it never jumps, and the ambient drifts over the day.
 */
export class AssetSignal {
  private readonly random: Random
  private readonly c: Character
  private temperature: number | undefined
  private loadJitter = 0
  private wander = 0
  private lastTime: number | undefined

  constructor(asset: Asset, seed: number) {
    this.random = seededRandom(streamSeed(seed, asset.assetId, 'signal'))
    this.c = character(asset, this.random)
  }

  step(epochSeconds: number): HealthyReading {
    const { c, random } = this
    const dt = this.lastTime === undefined ? 0 : epochSeconds - this.lastTime
    this.lastTime = epochSeconds
    // AR(1) jitter and a bounded random walk keep successive samples correlated, as real ones are
    this.loadJitter = 0.95 * this.loadJitter + random.gaussian(0, 0.01)
    this.wander = clamp(this.wander + random.gaussian(0, 0.02), -1.5, 1.5)
    const load = clamp(
      0.66 +
        0.2 * Math.sin((2 * Math.PI * epochSeconds) / c.batchPeriod + c.phase) +
        0.08 * Math.sin((2 * Math.PI * epochSeconds) / c.processPeriod + 2 * c.phase) +
        this.loadJitter,
      0.35,
      1,
    )
    const vibration = Math.max(0.3, c.vibrationBase * (0.7 + 0.45 * load) + random.gaussian(0, c.vibrationNoise))
    const target = ambient(epochSeconds, this.wander) + c.idleRise + c.loadRise * load
    // a machine that has been running a while starts at its steady state
    this.temperature = this.temperature === undefined ? target : this.temperature + (target - this.temperature) * (1 - Math.exp(-dt / c.tau))
    const temperature = this.temperature + random.gaussian(0, 0.08)
    return { load, vibration, temperature }
  }
}

/** Sensor resolution: what a gateway would report */
export const roundTo = (value: number, decimals: number) => {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}
