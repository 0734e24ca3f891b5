import { allSamples, doubleOf } from './factories'

/** Healthy zones the Lambda's default limits sit well above (vibration WARNING 4.5 mm/s, temperature WARNING 80 °C) */
const HEALTHY = { vibration: { min: 0.5, max: 3 }, temperature: { min: 40, max: 70 } }

describe('healthy signals', () => {
  // a full day: load cycles, the day curve of the ambient and the thermal lag all come round
  const series = [...allSamples({ seed: 3, durationSeconds: 86_400, objectIntervalSeconds: 3600, faults: 'none' }).values()]

  it('covers every sensor of the fleet at every sample time, all GOOD', () => {
    expect(series).toHaveLength(24)
    for (const { samples } of series) {
      expect(samples).toHaveLength(8640)
      expect(samples.every(s => s.quality === 'GOOD')).toBe(true)
    }
  })

  it.each(['vibration', 'temperature'] as const)('keeps %s inside the healthy zone', measurement => {
    for (const { series: s, samples } of series.filter(x => x.series.property.measurement === measurement)) {
      const values = samples.map(doubleOf)
      expect({ alias: s.property.propertyAlias, min: Math.min(...values) > HEALTHY[measurement].min, max: Math.max(...values) < HEALTHY[measurement].max }).toEqual({
        alias: s.property.propertyAlias,
        min: true,
        max: true,
      })
    }
  })

  it('varies with load rather than sitting flat', () => {
    for (const { samples } of series) {
      const values = samples.map(doubleOf)
      expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.3)
    }
  })

  it('moves temperature slowly (thermal inertia): no step between samples above 0.6 °C', () => {
    for (const { samples } of series.filter(x => x.series.property.measurement === 'temperature')) {
      const values = samples.map(doubleOf)
      const steps = values.slice(1).map((v, i) => Math.abs(v - (values[i] ?? v)))
      expect(Math.max(...steps)).toBeLessThan(0.6)
    }
  })

  it('lets the ambient drift: a machine is warmer mid-afternoon than before dawn', () => {
    for (const { samples } of series.filter(x => x.series.property.measurement === 'temperature')) {
      const hourMean = (hour: number) => {
        const inHour = samples.filter(s => new Date(s.timeInSeconds * 1000).getUTCHours() === hour).map(doubleOf)
        return inHour.reduce((a, b) => a + b, 0) / inHour.length
      }
      // the day curve peaks at 15:00 and bottoms at 03:00, ±3 °C; load cycles average out over hours
      const afternoon = (hourMean(14) + hourMean(15) + hourMean(16)) / 3
      const night = (hourMean(2) + hourMean(3) + hourMean(4)) / 3
      expect(afternoon - night).toBeGreaterThan(2)
    }
  })
})
