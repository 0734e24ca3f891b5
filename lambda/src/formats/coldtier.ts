import avro from 'avsc'
import { pipeline, Transform, type Readable } from 'node:stream'
import { quality, seriesRef, toMillis, type Point, type Quality, type SeriesRef } from '../points'
import { consume } from './consume'
import { snappyDecompress } from './snappy-codec'

/** A cold-tier raw file: `…/raw/startYear=…/…/raw_{timeseriesId}_{startTimestamp}_{quality}.avro` */
export interface ColdTierFile {
  seriesId: string
  startTimestamp: number
  quality: Quality
}

/** Parsed from the right: the series id of a modeled series, `{assetId}_{propertyId}`, contains `_` itself */
const RAW_FILE = /(?:^|\/)raw_(.+)_(\d+)_(GOOD|BAD|UNCERTAIN)\.avro$/

export function coldTierFile(key: string): ColdTierFile | undefined {
  const match = RAW_FILE.exec(key)
  if (!match) return undefined
  const [, seriesId = '', start = '', fileQuality = ''] = match
  return { seriesId, startTimestamp: Number(start), quality: fileQuality as Quality }
}

/** amazon.aws.iot.sitewise.raw.RawDatum as avsc decodes it (nullable unions unwrapped) */
interface RawDatum {
  timeInSeconds: number
  offsetInNanos: number
  quality: string
  doubleValue?: unknown
  stringValue?: unknown
  integerValue?: unknown
  booleanValue?: unknown
  jsonValue?: unknown
  recordVersion?: number | null
}

/**
 * What is read of each RawDatum. A raw file holds one series, named in the file name, so
 * the seriesId every record repeats is skipped, not decoded; integers and numbers widen.
 */
const nullable = (type: string) => ({ type: ['null', type], default: null })
const readerSchema = (fileQuality: Quality) => ({
  type: 'record',
  name: 'RawDatum',
  namespace: 'amazon.aws.iot.sitewise.raw',
  fields: [
    { name: 'timeInSeconds', type: 'long' },
    { name: 'offsetInNanos', type: 'long', default: 0 },
    { name: 'quality', type: 'string', default: fileQuality },
    { name: 'doubleValue', ...nullable('double') },
    { name: 'stringValue', ...nullable('string') },
    { name: 'integerValue', ...nullable('long') },
    { name: 'booleanValue', ...nullable('boolean') },
    { name: 'jsonValue', ...nullable('string') },
    { name: 'recordVersion', ...nullable('long') },
  ],
})

export class CorruptObject extends Error {
  override name = 'CorruptObject'
}

/** A union that names its branch (`{"double": 0.75}`) holds the value inside */
const unwrap = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Buffer.isBuffer(value) ? Object.values(value)[0] : value

const numeric = (value: unknown): number | null => {
  const v = unwrap(value)
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  return null
}

const textual = (value: unknown): string | null => {
  const v = unwrap(value)
  return typeof v === 'string' ? v : null
}

/** Remembers the last bytes passing through: a complete container file ends with its sync marker */
class Tail extends Transform {
  bytes = 0
  last: Buffer = Buffer.alloc(0)
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    this.bytes += chunk.length
    this.last = chunk.length >= 16 ? chunk.subarray(chunk.length - 16) : Buffer.concat([this.last, chunk]).subarray(-16)
    this.push(chunk)
    callback()
  }
}

export interface ColdTierStats {
  records: number
  /** records without a usable timestamp or series */
  invalid: number
}

/**
 * Streams a snappy (or uncompressed) Avro container of RawDatum records, one record at a
 * time, into `accept`. Throws CorruptObject when the object is not a complete container:
 * avsc itself drops a partial last block without a word.
 */
export async function readColdTier(
  body: Readable,
  file: ColdTierFile,
  accept: (ref: SeriesRef, point: Point) => void | Promise<void>,
  expectedBytes?: number,
): Promise<ColdTierStats> {
  const tail = new Tail()
  const decoder = new avro.streams.BlockDecoder({
    codecs: { null: (buffer, callback) => callback(null, buffer), snappy: snappyDecompress },
    readerSchema: readerSchema(file.quality),
  })
  let sync: Buffer | undefined
  // only the decoder's own errors mean a corrupt object; a failing read or publish is retried
  let decodeError: Error | undefined
  decoder.once('error', (error: Error) => (decodeError = error))
  decoder.once('metadata', (_type: unknown, _codec: unknown, header: { sync: Buffer }) => (sync = header.sync))
  const stats: ColdTierStats = { records: 0, invalid: 0 }
  const ref = seriesRef(file.seriesId)
  const piped = new Promise<void>((resolve, reject) => {
    pipeline(body, tail, decoder, error => (error ? reject(error) : resolve()))
  })
  const consumed = consume<RawDatum>(decoder, record => {
    stats.records++
    const sec = record.timeInSeconds
    if (!ref || !Number.isFinite(sec)) {
      stats.invalid++
      return
    }
    const nanos = record.offsetInNanos
    return accept(ref, {
      sec,
      nanos,
      time: toMillis(sec, nanos),
      quality: quality(record.quality),
      value: numeric(record.doubleValue) ?? numeric(record.integerValue) ?? numeric(record.booleanValue),
      text: textual(record.stringValue) ?? textual(record.jsonValue),
      version: record.recordVersion ?? -1,
    })
  })
  try {
    await Promise.all([piped, consumed])
  } catch (error) {
    if (decodeError) throw new CorruptObject(`not a readable Avro container: ${decodeError.message}`)
    throw error
  }
  if (tail.bytes === 0) {
    if (expectedBytes) throw new Error(`read 0 of the ${expectedBytes} bytes the event announced`)
    return stats
  }
  if (!sync) throw new CorruptObject('truncated Avro container: incomplete header')
  if (!tail.last.equals(sync)) throw new CorruptObject(`truncated Avro container: ${tail.bytes} bytes do not end with a complete block`)
  return stats
}
