/** Seeded pseudo-random numbers (mulberry32): every run sees the same "noise" */
export function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Roughly normal noise from the sum of uniforms */
export const gaussian = (next: () => number) => () => (next() + next() + next() + next() - 2) * 1.7

export interface SignalOptions {
  points: number
  startMs?: number
  intervalMs?: number
  seed?: number
  /** idle and full-load level; the load switches in cycles */
  idle: number
  full: number
  cyclePoints?: number
  noise: number
  /** added on top, per point index: the injected fault */
  fault?: (index: number) => number
}

export const START = Date.UTC(2026, 10, 25, 6, 0, 0)

/**
 * A healthy machine: a load cycle (idle, ramp up, full load, ramp down) with noise; an
 * optional fault adds to it. Returns [time ms, value] pairs.
 */
export function signal(o: SignalOptions): [number, number][] {
  const noise = gaussian(random(o.seed ?? 1))
  const cycle = o.cyclePoints ?? 600
  const start = o.startMs ?? START
  const interval = o.intervalMs ?? 10_000
  return Array.from({ length: o.points }, (_, i) => {
    const phase = (i % cycle) / cycle
    const load = phase < 0.3 ? 0 : phase < 0.4 ? (phase - 0.3) / 0.1 : phase < 0.9 ? 1 : 1 - (phase - 0.9) / 0.1
    const value = o.idle + (o.full - o.idle) * load + o.noise * noise() + (o.fault?.(i) ?? 0)
    return [start + i * interval, value]
  })
}

/** A rise from `from` on, by `perPoint`, up to `max` (bearing wear, overheating) */
export const ramp = (from: number, perPoint: number, max = Infinity) => (i: number) => (i < from ? 0 : Math.min(max, (i - from) * perPoint))

/** Single points far above the signal (impacts) */
export const spikes = (at: number[], height: number) => (i: number) => (at.includes(i) ? height : 0)
