import { Readable } from 'node:stream'
import { readNotifications, UnreadableJson } from '../src/formats/notification'
import type { Point, SeriesRef } from '../src/points'
import { MOTOR } from './factories/fleet'
import { alarmValue, jsonLines, propertyValueUpdate } from './factories/notifications'
import { START } from './factories/signals'

const limits = { maxLineChars: 10_000, maxDocumentChars: 100_000 }

async function read(text: string, chunkSize = 7) {
  const chunks = Array.from({ length: Math.ceil(text.length / chunkSize) }, (_, i) => Buffer.from(text.slice(i * chunkSize, (i + 1) * chunkSize)))
  const points: [SeriesRef, Point][] = []
  const stats = await readNotifications(Readable.from(chunks), limits, (ref, point) => void points.push([ref, point]))
  return { points, stats }
}

const doc = (i: number, value: Record<string, unknown> = { doubleValue: i }) =>
  propertyValueUpdate(MOTOR.assetId, MOTOR.vibration, [{ timeMs: START + i * 1000, value }])

describe('reading property notifications', () => {
  it('reads one document, even pretty-printed', async () => {
    const { points, stats } = await read(JSON.stringify(doc(1), null, 2))
    expect(stats).toEqual({ documents: 1, skipped: 0, values: 1 })
    expect(points[0]).toEqual([
      { seriesId: `${MOTOR.assetId}_${MOTOR.vibration}`, assetId: MOTOR.assetId, propertyId: MOTOR.vibration },
      { sec: START / 1000 + 1, nanos: 0, time: START + 1000, quality: 'GOOD', value: 1, text: null, version: -1 },
    ])
  })

  it('reads JSON lines and a JSON array of documents', async () => {
    expect((await read(jsonLines([doc(1), doc(2), doc(3)]))).points.map(([, p]) => p.value)).toEqual([1, 2, 3])
    expect((await read(JSON.stringify([doc(1), doc(2)]))).points.map(([, p]) => p.value)).toEqual([1, 2])
  })

  it('keeps alarm states as text: the state JSON inside stringValue', async () => {
    const { points } = await read(jsonLines([doc(1, alarmValue('LATCHED'))]))
    expect(JSON.parse(points[0]?.[1].text ?? '')).toMatchObject({ stateName: 'LATCHED', ruleEvaluation: { simpleRule: { threshold: 40 } } })
  })

  it('skips what is no PropertyValueUpdate, and values without a timestamp', async () => {
    const broken = { ...doc(2), payload: { ...doc(2).payload, values: [{ quality: 'GOOD', value: { doubleValue: 1 } }] } }
    const { points, stats } = await read(jsonLines([{ type: 'Other' }, doc(1), broken, 'text']) + 'not json\n')
    expect(points).toHaveLength(1)
    expect(stats).toEqual({ documents: 4, skipped: 4, values: 1 })
  })

  it('refuses unbounded input with a clear error', async () => {
    await expect(read(`{"type":"${'x'.repeat(200_000)}"}`, 4096)).rejects.toThrow(/longer than/)
    await expect(read('{ not json at all')).rejects.toThrow(UnreadableJson)
  })
})
