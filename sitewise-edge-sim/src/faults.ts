import { property, type Asset, type Measurement, type PropertyRole } from './fleet'

export type FaultKind = 'BEARING_WEAR' | 'OVERHEATING' | 'SPIKE' | 'DROPOUT'
/** The contract's anomaly types a fault should make the Lambda report */
export type AnomalyType = 'THRESHOLD' | 'BAD_QUALITY' | 'ALARM'

/** A fault as a scenario schedules it: relative to the scenario start */
export interface FaultSpec {
  kind: FaultKind
  assetId: string
  /** seconds after the scenario start */
  startOffset: number
  /** seconds; spikes last a minute or two, ramps an hour or more */
  duration: number
  /** dropouts hit either sensor; the other kinds know their property */
  property?: 'vibration' | 'temperature'
  /** the worst value the fault reaches (mm/s or °C); defaults per kind */
  peak?: number
}

/** A fault as it was injected: what the manifest lists and the tests check */
export interface InjectedFault {
  id: string
  kind: FaultKind
  assetId: string
  assetName: string
  plant: string
  propertyId: string
  propertyAlias: string
  measurement: Measurement
  anomalyType: AnomalyType
  /** first and last affected sample, ISO 8601 */
  start: string
  end: string
  /** nominal worst value, for ramps and spikes */
  peak?: number
  /** with alarms on, a vibration fault past the threshold also latches the asset's alarm */
  alarm?: { propertyId: string; propertyAlias: string; anomalyType: 'ALARM' }
}

/** Resolved for the sample loop: epoch seconds, inclusive */
export interface ActiveFault {
  spec: FaultSpec
  role: PropertyRole
  from: number
  to: number
  peak: number
}

/** Vibration alarm threshold: ISO 10816 class II boundary of the "not permissible" zone */
export const ALARM_THRESHOLD = 7.1

const DEFAULT_PEAK: Record<FaultKind, number> = { BEARING_WEAR: 9.5, OVERHEATING: 104, SPIKE: 10, DROPOUT: 0 }

export const FAULT_EFFECT: Record<FaultKind, { role: (spec: FaultSpec) => 'vibration' | 'temperature'; anomalyType: AnomalyType }> = {
  BEARING_WEAR: { role: () => 'vibration', anomalyType: 'THRESHOLD' },
  SPIKE: { role: () => 'vibration', anomalyType: 'THRESHOLD' },
  OVERHEATING: { role: () => 'temperature', anomalyType: 'THRESHOLD' },
  DROPOUT: { role: spec => spec.property ?? 'temperature', anomalyType: 'BAD_QUALITY' },
}

/**
 * Where a fault actually lands on the sample grid (t = start + k·interval, k ≥ 1): its window
 * is snapped to whole samples so the manifest names exactly the first and last affected one.
 */
export function resolveFault(spec: FaultSpec, start: number, interval: number, end: number): ActiveFault {
  if (!(spec.duration > 0) || !(spec.startOffset >= 0)) throw new Error(`fault ${spec.kind} on ${spec.assetId}: needs startOffset ≥ 0 and duration > 0`)
  const from = start + Math.max(1, Math.ceil(spec.startOffset / interval)) * interval
  const to = Math.min(end, from + Math.max(0, Math.floor(spec.duration / interval) - 1) * interval)
  if (from > end) throw new Error(`fault ${spec.kind} on ${spec.assetId} starts after the scenario ends`)
  return { spec, role: FAULT_EFFECT[spec.kind].role(spec), from, to, peak: spec.peak ?? DEFAULT_PEAK[spec.kind] }
}

/**
 * Ramp shape of wear and overheating: a quadratic rise to the peak over 85% of the window,
 * then a smooth return (the machine is stopped and repaired), so every deviation, including
 * the fall, lies inside the window the manifest names.
 */
export function rampProfile(progress: number): number {
  const RISE = 0.85
  if (progress <= 0 || progress >= 1) return 0
  if (progress <= RISE) return (progress / RISE) ** 2
  return 0.5 * (1 + Math.cos((Math.PI * (progress - RISE)) / (1 - RISE)))
}

export interface FaultedReading {
  value: number
  bad: boolean
}

/** Applies the faults active at `t` to one healthy value of one property; `draw` supplies spike heights and wear noise */
export function applyFaults(faults: readonly ActiveFault[], role: PropertyRole, t: number, healthy: number, draw: () => number): FaultedReading {
  let value = healthy
  let bad = false
  for (const fault of faults) {
    if (fault.role !== role || t < fault.from || t > fault.to) continue
    const progress = fault.to === fault.from ? 0.5 : (t - fault.from) / (fault.to - fault.from)
    switch (fault.spec.kind) {
      case 'BEARING_WEAR': {
        const shape = rampProfile(progress)
        // a worn bearing also vibrates less steadily
        value += (fault.peak - healthy) * shape + shape * 0.15 * (draw() - 0.5)
        break
      }
      case 'OVERHEATING':
        value += (fault.peak - healthy) * rampProfile(progress)
        break
      case 'SPIKE':
        value = fault.peak * (0.85 + 0.3 * draw())
        break
      case 'DROPOUT':
        bad = true
        break
    }
  }
  return { value, bad }
}

export function describeFault(active: ActiveFault, asset: Asset, index: number): InjectedFault {
  const target = property(asset, active.role)
  if (!target) throw new Error(`asset ${asset.assetName} has no ${active.role} property`)
  const { kind } = active.spec
  const alarm = property(asset, 'vibrationAlarm')
  return {
    id: `F${String(index + 1).padStart(2, '0')}-${kind}-${asset.aliasPrefix.replace(/\//g, '').toLowerCase()}`,
    kind,
    assetId: asset.assetId,
    assetName: asset.assetName,
    plant: asset.plant,
    propertyId: target.propertyId,
    propertyAlias: target.propertyAlias,
    measurement: target.measurement,
    anomalyType: FAULT_EFFECT[kind].anomalyType,
    start: new Date(active.from * 1000).toISOString(),
    end: new Date(active.to * 1000).toISOString(),
    ...(kind !== 'DROPOUT' && { peak: active.peak }),
    ...(alarm && kind !== 'DROPOUT' && active.role === 'vibration' && active.peak > ALARM_THRESHOLD && {
      alarm: { propertyId: alarm.propertyId, propertyAlias: alarm.propertyAlias, anomalyType: 'ALARM' as const },
    }),
  }
}
