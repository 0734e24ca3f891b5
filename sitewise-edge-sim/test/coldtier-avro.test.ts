import { coldTierKey, encodeColdTier, rawDatum, seriesBucket } from '../src/formats/coldtier-avro'
import { exportObjects } from '../src/run'
import { decodeAvro, defined, firstInterval, parseRawKey, shortScenario } from './factories'

const KEY = /^sitewise\/raw\/startYear=\d{4}\/startMonth=\d{1,2}\/startDay=\d{1,2}\/seriesBucket=[0-9a-f]{2}\/raw_.+_\d+_(GOOD|BAD|UNCERTAIN)\.avro$/

describe('cold-tier raw Avro', () => {
  const first = firstInterval(
    shortScenario({ faults: [{ kind: 'DROPOUT', assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c', startOffset: 300, duration: 300, property: 'vibration' }] }),
  )

  it('lays keys out as SiteWise does, named by the exclusive start, parseable from the right', async () => {
    const objects = await exportObjects(first, ['avro'], 'sitewise')
    for (const object of objects) expect(object.key).toMatch(KEY)
    const key = coldTierKey('prefix', 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c_34d882d6-cb18-5c09-a31f-748a1bbebd1e', 1609577700, 'GOOD')
    expect(key).toBe(
      `prefix/raw/startYear=2021/startMonth=1/startDay=2/seriesBucket=${seriesBucket('c3850a68-20b5-5e3e-89a5-5cd58f45f21c_34d882d6-cb18-5c09-a31f-748a1bbebd1e')}/raw_c3850a68-20b5-5e3e-89a5-5cd58f45f21c_34d882d6-cb18-5c09-a31f-748a1bbebd1e_1609577700_GOOD.avro`,
    )
    expect(parseRawKey(key)).toEqual({
      seriesId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c_34d882d6-cb18-5c09-a31f-748a1bbebd1e',
      startTimestamp: 1609577700,
      quality: 'GOOD',
    })
  })

  it('decodes with avsc and a CRC-checking snappy codec into the RawDatum records of the samples', async () => {
    const objects = await exportObjects(first, ['avro'], 'sitewise')
    const series = defined(first.series[0])
    const object = defined(objects.find(o => o.key.includes(`raw_${series.seriesId}_`) && o.key.endsWith('_GOOD.avro')))
    const { schema, codec, records } = await decodeAvro(object.body)
    expect(codec).toBe('snappy')
    expect(schema).toMatchObject({ type: 'record', name: 'amazon.aws.iot.sitewise.raw.RawDatum' })
    expect(schema.fields.map((f: { name: string }) => f.name)).toEqual([
      'seriesId', 'timeInSeconds', 'offsetInNanos', 'quality', 'doubleValue', 'stringValue', 'integerValue', 'booleanValue', 'jsonValue', 'recordVersion',
    ])
    const { seriesId, startTimestamp } = parseRawKey(object.key)
    expect(seriesId).toBe(series.seriesId)
    expect(startTimestamp).toBe(first.start)
    expect(records).toEqual(series.samples.filter(s => s.quality === 'GOOD').map(s => ({ ...rawDatum(series.seriesId, s) })))
    expect(records.every(r => r.timeInSeconds > startTimestamp && r.doubleValue !== null && r.stringValue === null)).toBe(true)
  })

  it('keeps BAD samples in a file of their own', async () => {
    const objects = await exportObjects(first, ['avro'], 'sitewise')
    const bad = objects.filter(o => o.key.endsWith('_BAD.avro'))
    expect(bad).toHaveLength(1)
    const badFile = defined(bad[0])
    const { records } = await decodeAvro(badFile.body)
    expect(records).toHaveLength(30)
    expect(records.every(r => r.quality === 'BAD' && r.seriesId.startsWith('c3850a68-20b5-5e3e-89a5-5cd58f45f21c_'))).toBe(true)
    const good = defined(objects.find(o => o.key.startsWith(badFile.key.replace('_BAD.avro', '')) && o.key.endsWith('_GOOD.avro')))
    expect((await decodeAvro(good.body)).records).toHaveLength(90 - 30)
  })

  it('stores alarm states as stringValue', async () => {
    const withAlarms = firstInterval(shortScenario({ alarms: true }))
    const objects = await exportObjects(withAlarms, ['avro'], 'p')
    const alarm = defined(withAlarms.series.find(s => s.property.role === 'vibrationAlarm'))
    const object = defined(objects.find(o => o.key.includes(`raw_${alarm.seriesId}_`)))
    const { records } = await decodeAvro(object.body)
    expect(records).toEqual([expect.objectContaining({ doubleValue: null, stringValue: expect.stringContaining('"stateName":"NORMAL"') })])
  })

  it('fails a reader whose block checksum does not match', async () => {
    const body = await encodeColdTier([rawDatum('a_b', { timeInSeconds: 1, offsetInNanos: 0, quality: 'GOOD', value: { doubleValue: 1 } })], 'k')
    // the CRC sits in the 4 bytes before the trailing 16-byte sync marker
    const spoiled = Buffer.from(body)
    const at = spoiled.length - 16 - 1
    spoiled[at] = (spoiled[at] ?? 0) ^ 0xff
    await expect(decodeAvro(spoiled)).rejects.toMatchObject({ message: 'snappy codec decompression error', cause: new Error('CRC32 mismatch') })
    await expect(decodeAvro(body)).resolves.toMatchObject({ records: [expect.objectContaining({ seriesId: 'a_b', doubleValue: 1 })] })
  })
})
