import { resolveScenario } from '../src/scenario'
import { allSamples, doubleOf } from './factories'

const CRITICAL = { vibration: 7.1, temperature: 95 }
const HEALTHY_MAX = { vibration: 3, temperature: 70 }

describe('injected faults', () => {
  const options = { seed: 1010 }
  const { manifest } = resolveScenario(options)
  const series = allSamples(options)
  const epoch = (iso: string) => new Date(iso).getTime() / 1000
  const inFault = (alias: string, t: number) => manifest.faults.some(f => f.propertyAlias === alias && t >= epoch(f.start) && t <= epoch(f.end))

  it('schedules a handful of faults across both plants and leaves several assets healthy', () => {
    expect(manifest.faults.map(f => f.kind).sort()).toEqual(['BEARING_WEAR', 'BEARING_WEAR', 'DROPOUT', 'OVERHEATING', 'SPIKE'])
    expect(new Set(manifest.faults.map(f => f.plant))).toEqual(new Set(['1010', '1710']))
    expect(manifest.healthyAssets).toHaveLength(7)
    expect(new Set(manifest.faults.map(f => f.assetName)).size).toBe(5)
    expect(manifest.healthyAssets.some(name => manifest.faults.some(f => f.assetName === name))).toBe(false)
  })

  it('names for each fault the anomaly the Lambda should report', () => {
    const expected = { BEARING_WEAR: ['THRESHOLD', 'vibration'], SPIKE: ['THRESHOLD', 'vibration'], OVERHEATING: ['THRESHOLD', 'temperature'], DROPOUT: ['BAD_QUALITY', 'temperature'] }
    for (const f of manifest.faults) {
      expect([f.anomalyType, f.measurement]).toEqual(expected[f.kind])
      expect(f.propertyAlias.endsWith(f.measurement === 'vibration' ? '/Vibration' : '/Temperature')).toBe(true)
    }
  })

  it.each(resolveScenario({ seed: 1010 }).manifest.faults.map(f => [f.kind, f.assetName, f]))('shows %s on %s inside its window', (_kind, _name, fault) => {
    const entry = series.get(`${fault.assetId}_${fault.propertyId}`)
    const inside = entry?.samples.filter(s => s.timeInSeconds >= epoch(fault.start) && s.timeInSeconds <= epoch(fault.end)) ?? []
    expect(inside.length).toBeGreaterThan(0)
    expect(inside[0]?.timeInSeconds).toBe(epoch(fault.start))
    expect(inside.at(-1)?.timeInSeconds).toBe(epoch(fault.end))
    const values = inside.map(doubleOf)
    switch (fault.kind) {
      case 'BEARING_WEAR':
      case 'OVERHEATING':
        // a ramp that passes CRITICAL and stays there for a while, not a single sample
        expect(Math.max(...values)).toBeGreaterThan(CRITICAL[fault.measurement])
        expect(values.filter(v => v > CRITICAL[fault.measurement]).length).toBeGreaterThan(10)
        break
      case 'SPIKE':
        expect(values.every(v => v > CRITICAL.vibration)).toBe(true)
        break
      case 'DROPOUT':
        expect(inside.every(s => s.quality === 'BAD')).toBe(true)
        break
    }
  })

  it('leaves every sample outside the manifest windows healthy and GOOD', () => {
    let outside = 0
    for (const { series: s, samples } of series.values()) {
      const measurement = s.property.measurement
      for (const sample of samples.filter(x => !inFault(s.property.propertyAlias, x.timeInSeconds))) {
        outside++
        if (sample.quality !== 'GOOD' || doubleOf(sample) >= HEALTHY_MAX[measurement]) {
          throw new Error(`${s.property.propertyAlias} at ${sample.timeInSeconds}: ${sample.quality} ${doubleOf(sample)} outside any fault`)
        }
      }
    }
    expect(outside).toBeGreaterThan(30_000)
  })

  it('runs the fleet healthy with faults "none", and takes a schedule of one\'s own', () => {
    expect(resolveScenario({ faults: 'none' }).manifest.faults).toEqual([])
    const own = resolveScenario({
      start: '2025-03-01T00:00:00Z',
      faults: [{ kind: 'DROPOUT', assetId: '0a090dcd-ede3-5597-b33a-5fc0c0a5422c', startOffset: 600, duration: 120, property: 'vibration' }],
    }).manifest.faults
    expect(own).toEqual([
      expect.objectContaining({
        assetName: 'Hamburg Line 1 Pump 1',
        propertyAlias: '/Plant1010/Line1/Pump1/Vibration',
        anomalyType: 'BAD_QUALITY',
        measurement: 'vibration',
        start: '2025-03-01T00:10:00.000Z',
        end: '2025-03-01T00:11:50.000Z',
      }),
    ])
  })

  it('refuses a fault on an asset outside the fleet', () => {
    expect(() => resolveScenario({ faults: [{ kind: 'SPIKE', assetId: 'nope', startOffset: 60, duration: 60 }] })).toThrow(/outside the fleet/)
  })

  it('turns the vibration alarm NORMAL → ACTIVE → LATCHED through a bearing wear when alarms are on', () => {
    const withAlarms = allSamples({ seed: 1010, alarms: true })
    const wear = manifest.faults[0]
    const alarm = [...withAlarms.values()].find(x => x.series.asset.assetId === wear?.assetId && x.series.property.role === 'vibrationAlarm')
    const states = alarm?.samples.map(s => ('stringValue' in s.value ? (JSON.parse(s.value.stringValue) as { stateName: string }).stateName : '')) ?? []
    expect(states).toEqual(['NORMAL', 'ACTIVE', 'LATCHED'])
    const active = alarm?.samples[1]
    expect(active && 'stringValue' in active.value && JSON.parse(active.value.stringValue)).toEqual({
      stateName: 'ACTIVE',
      ruleEvaluation: { simpleRule: { inputProperty: expect.any(Number), operator: 'GREATER', threshold: 7.1 } },
    })
    // the manifest names the alarm for the vibration faults past the threshold, and only for those
    const truth = resolveScenario({ seed: 1010, alarms: true }).manifest.faults
    expect(truth.filter(f => f.alarm).map(f => [f.kind, f.alarm?.propertyAlias])).toEqual([
      ['BEARING_WEAR', '/Plant1010/Line1/Motor1/VibrationAlarm'],
      ['SPIKE', '/Plant1710/Line1/Motor2/VibrationAlarm'],
      ['BEARING_WEAR', '/Plant1710/Line2/Motor1/VibrationAlarm'],
    ])
    expect(manifest.faults.some(f => f.alarm)).toBe(false)
    // a healthy asset's alarm stays NORMAL
    const healthy = [...withAlarms.values()].find(x => x.series.asset.assetName === manifest.healthyAssets[0] && x.series.property.role === 'vibrationAlarm')
    expect(healthy?.samples).toHaveLength(1)
  })
})
