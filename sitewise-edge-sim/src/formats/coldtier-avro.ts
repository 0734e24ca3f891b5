import avro from 'avsc'
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { compress } from 'snappyjs'
import type { Quality, Sample } from '../scenario'

/** amazon.aws.iot.sitewise.raw.RawDatum: the schema of SiteWise's cold-tier raw files */
export const RAW_DATUM_SCHEMA = {
  type: 'record',
  name: 'RawDatum',
  namespace: 'amazon.aws.iot.sitewise.raw',
  fields: [
    { name: 'seriesId', type: 'string' },
    { name: 'timeInSeconds', type: 'long' },
    { name: 'offsetInNanos', type: 'long' },
    { name: 'quality', type: 'string' },
    { name: 'doubleValue', type: ['null', 'double'], default: null },
    { name: 'stringValue', type: ['null', 'string'], default: null },
    { name: 'integerValue', type: ['null', 'int'], default: null },
    { name: 'booleanValue', type: ['null', 'boolean'], default: null },
    { name: 'jsonValue', type: ['null', 'string'], default: null },
    { name: 'recordVersion', type: ['null', 'long'], default: null },
  ],
} as const

export const rawDatumType = avro.Type.forSchema(RAW_DATUM_SCHEMA as unknown as avro.Schema)

export interface RawDatum {
  seriesId: string
  timeInSeconds: number
  offsetInNanos: number
  quality: string
  doubleValue: number | null
  stringValue: string | null
  integerValue: number | null
  booleanValue: boolean | null
  jsonValue: string | null
  recordVersion: number | null
}

/**
 * Avro's snappy codec: the compressed block followed by the 4-byte big-endian CRC32 of the
 * uncompressed block. snappyjs writes only the compressed bytes, so the checksum is added here.
 */
export function snappyCompress(block: Buffer, callback: (error: Error | null, data?: Buffer) => void): void {
  try {
    const checksum = Buffer.alloc(4)
    checksum.writeUInt32BE(crc32(block))
    callback(null, Buffer.concat([compress(block), checksum]))
  } catch (error) {
    callback(error instanceof Error ? error : new Error(String(error)))
  }
}

/** SiteWise spreads series over 256 buckets; the same series always lands in the same one */
export const seriesBucket = (seriesId: string) => createHash('md5').update(seriesId).digest('hex').slice(0, 2)

/**
 * `{prefix}/raw/startYear=…/startMonth=…/startDay=…/seriesBucket=…/raw_{timeseriesId}_{startTimestamp}_{quality}.avro`;
 * the date parts are the file's (exclusive) start time, unpadded, in UTC.
 */
export function coldTierKey(prefix: string, seriesId: string, startTimestamp: number, quality: Quality): string {
  const start = new Date(startTimestamp * 1000)
  const date = `startYear=${start.getUTCFullYear()}/startMonth=${start.getUTCMonth() + 1}/startDay=${start.getUTCDate()}`
  return `${prefix}/raw/${date}/seriesBucket=${seriesBucket(seriesId)}/raw_${seriesId}_${startTimestamp}_${quality}.avro`
}

export function rawDatum(seriesId: string, sample: Sample): RawDatum {
  const { value } = sample
  return {
    seriesId,
    timeInSeconds: sample.timeInSeconds,
    offsetInNanos: sample.offsetInNanos,
    quality: sample.quality,
    doubleValue: 'doubleValue' in value ? value.doubleValue : null,
    stringValue: 'stringValue' in value ? value.stringValue : null,
    integerValue: null,
    booleanValue: null,
    jsonValue: null,
    recordVersion: null,
  }
}

/**
 * A snappy Avro container of RawDatum records. The sync marker is derived from `identity`
 * (the object key) rather than drawn at random, so the same scenario gives the same bytes.
 */
export function encodeColdTier(records: readonly RawDatum[], identity: string): Promise<Buffer> {
  const syncMarker = createHash('md5').update(identity).digest()
  const encoder = new avro.streams.BlockEncoder(rawDatumType, { codec: 'snappy', codecs: { snappy: snappyCompress }, syncMarker })
  const chunks: Buffer[] = []
  return new Promise((resolve, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk))
    encoder.once('error', reject)
    encoder.once('end', () => resolve(Buffer.concat(chunks)))
    for (const record of records) encoder.write(record)
    encoder.end()
  })
}
