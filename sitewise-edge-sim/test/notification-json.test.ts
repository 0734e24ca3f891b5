import { exportObjects } from '../src/run'
import { defined, firstInterval, shortScenario } from './factories'

describe('property notification JSON', () => {
  const first = firstInterval(shortScenario({ alarms: true }))

  it('writes one PropertyValueUpdate document per series and interval, in SiteWise\'s shape', async () => {
    const objects = await exportObjects(first, ['json'], 'sitewise')
    expect(objects).toHaveLength(first.series.length)
    const series = defined(first.series[0])
    const object = defined(objects[0])
    expect(object.key).toBe(`sitewise/notifications/${series.asset.assetId}/${series.property.propertyId}/updates_${first.start}.json`)
    expect(object.contentType).toBe('application/json')
    const document = JSON.parse(object.body.toString())
    expect(Object.keys(document)).toEqual(['type', 'payload'])
    expect(document.type).toBe('PropertyValueUpdate')
    expect(Object.keys(document.payload)).toEqual(['assetId', 'propertyId', 'values'])
    expect(document.payload.assetId).toBe(series.asset.assetId)
    expect(document.payload.values).toHaveLength(90)
    expect(document.payload.values[0]).toEqual({
      timestamp: { timeInSeconds: first.start + 10, offsetInNanos: 0 },
      quality: 'GOOD',
      value: { doubleValue: expect.any(Number) },
    })
  })

  it('carries an alarm state as JSON inside value.stringValue', async () => {
    const objects = await exportObjects(first, ['json'], 'sitewise')
    const alarm = defined(first.series.find(s => s.property.role === 'vibrationAlarm'))
    const object = defined(objects.find(o => o.key.includes(alarm.property.propertyId)))
    const [value] = JSON.parse(object.body.toString()).payload.values
    expect(JSON.parse(value.value.stringValue)).toEqual({
      stateName: 'NORMAL',
      ruleEvaluation: { simpleRule: { inputProperty: expect.any(Number), operator: 'GREATER', threshold: 7.1 } },
    })
  })

  it('writes JSON Lines with one notification a line for the whole interval', async () => {
    const object = defined((await exportObjects(first, ['jsonl'], 'sitewise'))[0])
    expect(object.key).toBe(`sitewise/notifications/updates_${first.start}.jsonl`)
    const text = object.body.toString()
    expect(text.endsWith('\n')).toBe(true)
    const lines = text.trimEnd().split('\n').map(line => JSON.parse(line))
    expect(lines).toHaveLength(first.series.length)
    expect(lines.every(l => l.type === 'PropertyValueUpdate')).toBe(true)
    expect(object.records).toBe(first.series.reduce((n, s) => n + s.samples.length, 0))
  })
})
