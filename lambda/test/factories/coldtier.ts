import avro from 'avsc'
import { compress } from 'snappyjs'
import { crc32 } from 'node:zlib'

/** amazon.aws.iot.sitewise.raw.RawDatum, as SiteWise's cold tier writes it */
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
}

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

export const rawDatum = (seriesId: string, timeMs: number, value: number | null, overrides: Partial<RawDatum> = {}): RawDatum => ({
  seriesId,
  timeInSeconds: Math.floor(timeMs / 1000),
  offsetInNanos: (timeMs % 1000) * 1e6,
  quality: 'GOOD',
  doubleValue: value,
  stringValue: null,
  integerValue: null,
  booleanValue: null,
  jsonValue: null,
  recordVersion: null,
  ...overrides,
})

/** The Avro snappy codec as Java/SiteWise write it: compressed block + big-endian CRC32 of the raw data */
export function snappyWithChecksum(buffer: Buffer, callback: (error: Error | null, data?: Buffer) => void) {
  const checksum = Buffer.alloc(4)
  checksum.writeUInt32BE(crc32(buffer))
  callback(null, Buffer.concat([compress(buffer), checksum]))
}

/** A cold-tier Avro object container with the given records */
export function avroObject(records: Iterable<RawDatum>, options: { codec?: 'snappy' | 'null'; blockSize?: number } = {}): Promise<Buffer> {
  const encoder = new avro.streams.BlockEncoder(RAW_DATUM_SCHEMA as avro.Schema, {
    codec: options.codec ?? 'snappy',
    codecs: { snappy: snappyWithChecksum, null: (buffer: Buffer, callback: (error: Error | null, data?: Buffer) => void) => callback(null, buffer) },
    blockSize: options.blockSize ?? 65536,
  })
  const chunks: Buffer[] = []
  encoder.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    encoder.on('end', () => resolve(Buffer.concat(chunks)))
    encoder.on('error', reject)
  })
  for (const record of records) encoder.write(record)
  encoder.end()
  return done
}

/** `{prefix}/raw/startYear=…/…/seriesBucket=…/raw_{seriesId}_{startTimestamp}_{quality}.avro` */
export function coldTierKey(seriesId: string, startMs: number, quality = 'GOOD', prefix = 'sitewise') {
  const d = new Date(startMs)
  return `${prefix}/raw/startYear=${d.getUTCFullYear()}/startMonth=${d.getUTCMonth() + 1}/startDay=${d.getUTCDate()}/seriesBucket=a2/raw_${seriesId}_${Math.floor(startMs / 1000)}_${quality}.avro`
}
