import avro from 'avsc'
import { Readable } from 'node:stream'
import { crc32 } from 'node:zlib'
import { uncompress } from 'snappyjs'
import { intervals, resolveScenario, type Interval, type ScenarioOptions, type Sample, type SeriesSamples } from '../src/scenario'

/** A short scenario: one hour, 15-minute objects, the default fleet */
export const shortScenario = (overrides: ScenarioOptions = {}): ScenarioOptions => ({
  seed: 7,
  durationSeconds: 3600,
  objectIntervalSeconds: 900,
  faults: 'none',
  ...overrides,
})

/** Every sample of a scenario, per series id */
export function allSamples(options: ScenarioOptions): Map<string, { series: SeriesSamples; samples: Sample[] }> {
  const bySeries = new Map<string, { series: SeriesSamples; samples: Sample[] }>()
  for (const interval of intervals(resolveScenario(options))) {
    for (const series of interval.series) {
      const known = bySeries.get(series.seriesId) ?? { series, samples: [] }
      known.samples.push(...series.samples)
      bySeries.set(series.seriesId, known)
    }
  }
  return bySeries
}

export const doubleOf = (sample: Sample) => ('doubleValue' in sample.value ? sample.value.doubleValue : NaN)

/** Reads an Avro container as any Avro reader would: the snappy block's trailing CRC32 is checked, not skipped */
export async function decodeAvro(body: Buffer): Promise<{ schema: any; codec: string; records: any[] }> {
  const decoder = new avro.streams.BlockDecoder({
    codecs: {
      snappy: (block: Buffer, callback: (error: Error | null, data?: Buffer) => void) => {
        const data = Buffer.from(uncompress(block.subarray(0, block.length - 4)))
        if (crc32(data) !== block.readUInt32BE(block.length - 4)) return callback(new Error('CRC32 mismatch'))
        callback(null, data)
      },
    },
  })
  let schema: any
  let codec = ''
  decoder.once('metadata', (type: avro.Type, codecName: string) => {
    schema = type.schema()
    codec = codecName
  })
  const records: any[] = []
  await new Promise<void>((resolve, reject) => {
    decoder.on('data', (record: unknown) => records.push(record))
    decoder.once('error', reject)
    decoder.once('end', resolve)
    Readable.from([body]).pipe(decoder)
  })
  return { schema, codec, records }
}

/** The file-name rule of SiteWise's cold tier, read from the right: the series id itself contains `_` */
export function parseRawKey(key: string) {
  const name = key.slice(key.lastIndexOf('/') + 1)
  const parts = name.replace(/^raw_/, '').replace(/\.avro$/, '').split('_')
  const quality = parts.pop()
  const startTimestamp = Number(parts.pop())
  return { seriesId: parts.join('_'), startTimestamp, quality }
}

/** Narrows away undefined, failing the test with a message instead of a later TypeError */
export function defined<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what} to be present`)
  return value
}

/** The first interval of a scenario */
export const firstInterval = (options: ScenarioOptions) => defined(intervals(resolveScenario(options)).next().value as Interval | undefined, 'an interval')
