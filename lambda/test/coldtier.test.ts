import { Readable } from 'node:stream'
import { coldTierFile, CorruptObject, readColdTier } from '../src/formats/coldtier'
import { snappyDecompress } from '../src/formats/snappy-codec'
import type { Point, SeriesRef } from '../src/points'
import { avroObject, coldTierKey, rawDatum, snappyWithChecksum } from './factories/coldtier'
import { MOTOR, seriesOf } from './factories/fleet'
import { START } from './factories/signals'

const series = seriesOf(MOTOR, MOTOR.vibration)

async function decode(body: Buffer, key = coldTierKey(series, START)) {
  const file = coldTierFile(key)
  if (!file) throw new Error(`not a cold-tier key: ${key}`)
  const points: [SeriesRef, Point][] = []
  const stats = await readColdTier(Readable.from([body]), file, (ref, point) => void points.push([ref, point]))
  return { points, stats }
}

describe('cold-tier file names', () => {
  it('are parsed from the right: the series id keeps its underscores', () => {
    expect(coldTierFile(coldTierKey(series, START, 'BAD'))).toEqual({ seriesId: series, startTimestamp: START / 1000, quality: 'BAD' })
    expect(coldTierFile('p/raw/startYear=2026/raw_a_b_c_1609577700_GOOD.avro')).toEqual({ seriesId: 'a_b_c', startTimestamp: 1609577700, quality: 'GOOD' })
  })

  it.each(['p/agg/agg_a_b_1609577700_GOOD.avro', 'p/raw/raw_a_b_GOOD.avro', 'p/raw/raw_a_b_1609577700_GOOD.parquet', 'asset_metadata/asset_x.ndjson'])(
    'are not %s',
    key => expect(coldTierFile(key)).toBeUndefined(),
  )
})

describe('the snappy codec', () => {
  it('checks the CRC32 after each block', async () => {
    const block = await new Promise<Buffer>(resolve => snappyWithChecksum(Buffer.from('reading'), (_, data) => resolve(data as Buffer)))
    const decoded = await new Promise<Buffer>((resolve, reject) => snappyDecompress(block, (e, d) => (e ? reject(e) : resolve(d as Buffer))))
    expect(decoded.toString()).toBe('reading')
    block.writeUInt32BE((block.readUInt32BE(block.length - 4) ^ 1) >>> 0, block.length - 4)
    await expect(new Promise((resolve, reject) => snappyDecompress(block, (e, d) => (e ? reject(e) : resolve(d))))).rejects.toThrow('checksum mismatch')
  })
})

describe('reading cold-tier Avro', () => {
  it('streams every record of a snappy container, with typed nullable values', async () => {
    const body = await avroObject([
      rawDatum(series, START, 2.5),
      rawDatum(series, START + 1500, null, { integerValue: 7 }),
      rawDatum(series, START + 2000, null, { booleanValue: true }),
      rawDatum(series, START + 3000, null, { stringValue: 'ACTIVE' }),
      rawDatum(series, START + 4000, null, { quality: 'BAD' }),
    ])
    const { points, stats } = await decode(body)
    expect(stats).toEqual({ records: 5, invalid: 0 })
    expect(points[0]?.[0]).toEqual({ seriesId: series, assetId: MOTOR.assetId, propertyId: MOTOR.vibration })
    expect(points.map(([, p]) => [p.time, p.quality, p.value, p.text])).toEqual([
      [START, 'GOOD', 2.5, null],
      [START + 1500, 'GOOD', 7, null],
      [START + 2000, 'GOOD', 1, null],
      [START + 3000, 'GOOD', null, 'ACTIVE'],
      [START + 4000, 'BAD', null, null],
    ])
    expect(points[1]?.[1]).toMatchObject({ sec: START / 1000 + 1, nanos: 500_000_000 })
  })

  it('reads many blocks, compressed or not', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => rawDatum(series, START + i * 1000, i))
    for (const codec of ['snappy', 'null'] as const) {
      const { points } = await decode(await avroObject(records, { codec, blockSize: 4096 }))
      expect(points).toHaveLength(20_000)
      expect(points.at(-1)?.[1].value).toBe(19_999)
    }
  })

  it('yields nothing for an empty object', async () => {
    expect(await decode(Buffer.alloc(0))).toEqual({ points: [], stats: { records: 0, invalid: 0 } })
  })

  it('refuses a truncated container instead of silently dropping its last block', async () => {
    const body = await avroObject(
      Array.from({ length: 5000 }, (_, i) => rawDatum(series, START + i * 1000, i)),
      { blockSize: 8192 },
    )
    await expect(decode(body.subarray(0, body.length - 100))).rejects.toThrow(CorruptObject)
    await expect(decode(body.subarray(0, body.length - 100))).rejects.toThrow(/truncated/)
    await expect(decode(body.subarray(0, 20))).rejects.toThrow(/truncated/)
  })

  it('refuses what is no Avro container', async () => {
    await expect(decode(Buffer.from('{"type":"PropertyValueUpdate"}'))).rejects.toThrow(CorruptObject)
  })
})
