import { SeriesDetector } from '../src/detect/series-detector'
import { DEFAULT_SETTINGS, inferMeasurement, seriesSettings } from '../src/detect/settings'
import type { AnomalyWindow } from '../src/detect/window'
import { alarmValue } from './factories/notifications'
import { ramp, signal, spikes, START } from './factories/signals'
import { detect, point } from './helpers/detect'

const iso = (ms: number) => new Date(ms).toISOString()
const HOUR_10S = 360

describe('healthy signals', () => {
  it.each([
    ['vibration, 10 s samples, one day', { points: 24 * HOUR_10S, idle: 1.3, full: 2.3, noise: 0.12 }, DEFAULT_SETTINGS.vibration],
    ['vibration, 1 s samples, noisy, short cycles', { points: 50_000, intervalMs: 1000, idle: 1.0, full: 3.2, noise: 0.3, cyclePoints: 900 }, DEFAULT_SETTINGS.vibration],
    ['temperature, load cycles of 20 °C', { points: 24 * HOUR_10S, idle: 42, full: 62, noise: 0.5, cyclePoints: 1200 }, DEFAULT_SETTINGS.temperature],
  ])('%s: no anomaly at all', (_, options, settings) => {
    for (const seed of [1, 2, 3]) expect(detect(signal({ ...options, seed }), settings)).toEqual([])
  })
})

describe('one window per anomalous run', () => {
  it('a bearing-wear ramp is one THRESHOLD window with its peak, from where it crosses the warning level', () => {
    const values = signal({ points: 3000, idle: 1.4, full: 2.2, noise: 0.1, fault: ramp(1500, 0.006, 8) })
    const windows = detect(values)
    expect(windows).toHaveLength(1)
    const [w] = windows as [AnomalyWindow]
    expect(w).toMatchObject({ anomalyType: 'THRESHOLD', severity: 'CRITICAL', threshold: 7.1 })
    // the drift detector sees it first: the window opens before the warning level is crossed
    const firstWarning = values.find(([, v]) => v >= 4.5)?.[0] ?? 0
    expect(w.windowStart).toBeGreaterThan(values[1500]?.[0] ?? 0)
    expect(w.windowStart).toBeLessThanOrEqual(firstWarning)
    expect(w.value).toBe(Math.max(...values.map(([, v]) => v)))
    expect(w.samples.length).toBeLessThanOrEqual(50)
  })

  it('an overheating ramp is one THRESHOLD window on temperature', () => {
    const values = signal({ points: 2000, idle: 45, full: 60, noise: 0.3, cyclePoints: 1200, fault: ramp(1000, 0.06) })
    expect(detect(values, DEFAULT_SETTINGS.temperature)).toMatchObject([{ anomalyType: 'THRESHOLD', severity: 'CRITICAL', threshold: 95 }])
  })

  it('spikes close together are one window; spikes far apart are two', () => {
    const close = detect(signal({ points: 1000, idle: 1.4, full: 2.2, noise: 0.1, fault: spikes([400, 401, 410], 9) }))
    expect(close).toHaveLength(1)
    expect(close[0]).toMatchObject({ anomalyType: 'THRESHOLD', severity: 'CRITICAL', windowStart: START + 400 * 10_000 })
    const apart = detect(signal({ points: 1000, idle: 1.4, full: 2.2, noise: 0.1, fault: spikes([400, 800], 4) }))
    expect(apart.map(w => [w.windowStart, w.severity, w.sampleCount])).toEqual([
      [START + 400 * 10_000, 'WARNING', 1],
      [START + 800 * 10_000, 'WARNING', 1],
    ])
  })

  it('a drift below the thresholds is one DRIFT window', () => {
    const values = signal({ points: 2500, idle: 1.4, full: 1.7, noise: 0.1, fault: i => (i >= 1500 ? 2.4 : 0) })
    const windows = detect(values)
    expect(windows).toMatchObject([{ anomalyType: 'DRIFT', severity: 'WARNING' }])
    expect(windows[0]?.windowStart).toBeGreaterThanOrEqual(START + 1500 * 10_000)
    expect(windows[0]?.windowStart).toBeLessThan(START + 1560 * 10_000)
  })

  it('a fast rise below the thresholds is RATE_OF_CHANGE', () => {
    // 1 s samples: +3.5 mm/s within a minute, staying below 4.5
    const values = signal({ points: 1200, intervalMs: 1000, idle: 0.8, full: 0.8, noise: 0.05, fault: ramp(600, 0.06, 3.5) })
    expect(detect(values)).toMatchObject([{ anomalyType: 'RATE_OF_CHANGE', threshold: 3 }])
  })

  it('takes the most significant type and the peak severity of the run', () => {
    const settings = { ...DEFAULT_SETTINGS.vibration, drift: undefined }
    // a fast rise (rate of change) that then crosses the warning and critical levels
    const values = signal({ points: 1200, intervalMs: 1000, idle: 0.8, full: 0.8, noise: 0.02, fault: ramp(600, 0.1, 8) })
    expect(detect(values, settings)).toMatchObject([{ anomalyType: 'THRESHOLD', severity: 'CRITICAL' }])
  })
})

describe('bad quality and alarms', () => {
  const run = (points: ReturnType<typeof point>[]) => {
    const windows: AnomalyWindow[] = []
    const detector = new SeriesDetector(DEFAULT_SETTINGS.temperature, w => windows.push(w))
    for (const p of points) detector.push(p)
    detector.finish()
    return windows
  }
  const at = (i: number) => START + i * 10_000

  it('a run of BAD points is one BAD_QUALITY window; a single BAD point is none', () => {
    const points = Array.from({ length: 200 }, (_, i) => point(at(i), 55, (i >= 50 && i < 140) || i === 180 ? 'BAD' : 'GOOD'))
    expect(run(points)).toEqual([
      expect.objectContaining({ anomalyType: 'BAD_QUALITY', quality: 'BAD', windowStart: at(50), windowEnd: at(139), sampleCount: 90 }),
    ])
  })

  it('BAD readings never count as readings: a BAD 120 °C is no threshold crossing', () => {
    const points = Array.from({ length: 5 }, (_, i) => point(at(i), 120, 'BAD'))
    expect(run(points).map(w => w.anomalyType)).toEqual(['BAD_QUALITY'])
  })

  it('LATCHED and ACTIVE alarm states make one ALARM window until the alarm is NORMAL again', () => {
    const state = (i: number, name: string) => point(at(i), null, 'GOOD', alarmValue(name, 7.9, 7.1).stringValue)
    const windows = run([state(0, 'NORMAL'), state(1, 'ACTIVE'), state(2, 'ACKNOWLEDGED'), state(3, 'LATCHED'), state(4, 'NORMAL'), state(5, 'LATCHED')])
    expect(windows).toEqual([
      expect.objectContaining({ anomalyType: 'ALARM', severity: 'CRITICAL', alarmState: 'ACTIVE', windowStart: at(1), windowEnd: at(3), value: 7.9 }),
      expect.objectContaining({ anomalyType: 'ALARM', severity: 'WARNING', alarmState: 'LATCHED', windowStart: at(5) }),
    ])
    expect(iso(windows[0]?.windowStart ?? 0)).toBe('2026-11-25T06:00:10.000Z')
  })
})

describe('settings', () => {
  it('levels come from the alias, else the asset, else the measurement, else the defaults', () => {
    const config = {
      vibration: { warning: 3, critical: 5 },
      byAsset: { a1: { vibration: { warning: 4, critical: 6 } } },
      byAlias: { '/P/Motor1/Vibration': { warning: 2, critical: 2.5 } },
    }
    expect(seriesSettings('vibration', { assetId: 'a1', propertyAlias: '/P/Motor1/Vibration' }, config).levels).toEqual({ warning: 2, critical: 2.5 })
    expect(seriesSettings('vibration', { assetId: 'a1', propertyAlias: '/P/Motor2/Vibration' }, config).levels).toEqual({ warning: 4, critical: 6 })
    expect(seriesSettings('vibration', { assetId: 'a2' }, config).levels).toEqual({ warning: 3, critical: 5 })
    expect(seriesSettings('temperature', { assetId: 'a2' }, config).levels).toEqual({ warning: 80, critical: 95 })
    expect(seriesSettings('other', { assetId: 'a2' }, config).levels).toBeUndefined()
  })

  it('an overridden level changes what is found', () => {
    const values = signal({ points: 500, idle: 1.4, full: 2.2, noise: 0.05 })
    expect(detect(values, seriesSettings('vibration', { assetId: 'a', propertyAlias: '/x' }, { byAlias: { '/x': { warning: 2, critical: 3 } } }))).not.toEqual([])
  })

  it.each([
    ['mm/s', 'Vibration', 'vibration'],
    ['°C', 'Temperature', 'temperature'],
    [undefined, 'BearingTemperature', 'temperature'],
    [undefined, 'VibrationAlarm', 'other'],
    ['rpm', 'Speed', 'other'],
  ] as const)('infers %s / %s as %s', (unit, name, measurement) => {
    expect(inferMeasurement(unit, name)).toBe(measurement)
  })
})
