/**
 * Cold-tier Avro objects for the Lambda benchmark, written to a temporary directory: one
 * series of vibration readings every second, a healthy load cycle with noise and a few
 * spikes, snappy-compressed blocks with their CRC, as SiteWise writes them.
 */
import avro from 'avsc'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { RAW_DATUM_SCHEMA, snappyWithChecksum } from '../lambda/test/factories/coldtier'

export const SERIES = 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c_7e1b6f1e-0000-4000-8000-000000000001'
export const START_SECONDS = 1_795_600_000

/** Writes `points` records (or until the file reaches `minBytes`) and returns the count written */
export async function writeColdTier(
  file: string,
  target: { points?: number; minBytes?: number; codec?: 'snappy' | 'null' },
): Promise<{ points: number; bytes: number }> {
  const encoder = new avro.streams.BlockEncoder(RAW_DATUM_SCHEMA as avro.Schema, {
    codec: target.codec ?? 'snappy',
    codecs: { snappy: snappyWithChecksum, null: (buffer, callback) => callback(null, buffer) },
    blockSize: 256 * 1024,
  })
  const out = createWriteStream(file)
  let bytes = 0
  encoder.on('data', (chunk: Buffer) => (bytes += chunk.length))
  encoder.pipe(out)
  let seed = 42
  const next = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296)
  let points = 0
  const record = {
    seriesId: SERIES,
    timeInSeconds: 0,
    offsetInNanos: 0,
    quality: 'GOOD',
    doubleValue: 0 as number | null,
    stringValue: null,
    integerValue: null,
    booleanValue: null,
    jsonValue: null,
    recordVersion: 1 as number | null,
  }
  const done = () => (target.points !== undefined ? points >= target.points : bytes >= (target.minBytes ?? 0))
  while (!done()) {
    for (let i = 0; i < 10_000; i++, points++) {
      const load = Math.sin(points / 3000) > 0 ? 1 : 0.4
      record.timeInSeconds = START_SECONDS + points
      record.doubleValue = Math.round((1.4 + 0.9 * load + (next() - 0.5) * 0.3 + (points % 1_000_003 === 500_000 ? 8 : 0)) * 100) / 100
      if (!encoder.write(record)) await once(encoder, 'drain')
    }
  }
  encoder.end()
  await once(out, 'finish')
  return { points, bytes }
}
