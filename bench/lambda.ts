/**
 * The Lambda's object path on cold-tier Avro: decode + order + detect (+ a no-op publish)
 * against bare avsc decoding of the same file, in the same run. Goal: ≥ 1,000,000 points/s
 * and ≥ 0.5 of bare decoding. Then the peak RSS of a child process streaming an object of
 * ≥ 1 GB (goal ≤ 256 MB, the function's memory size).
 *   BENCH_LAMBDA_POINTS        points of the throughput file (default 10,000,000)
 *   BENCH_LAMBDA_LARGE_CODEC   codec of the 1 GB object: null (default; about 10 M points) or
 *                              snappy (about 100 M points, minutes to write and read)
 */
import avro from 'avsc'
import { execFileSync } from 'node:child_process'
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { snappyDecompress } from '../lambda/src/formats/snappy-codec'
import { writeColdTier } from './lambda-fixture'
import { detectFile } from './lambda-pipeline'
import type { Result } from './measure'

const POINTS = Number(process.env.BENCH_LAMBDA_POINTS ?? 10_000_000)
const LARGE_BYTES = 1024 ** 3
const LARGE_CODEC = process.env.BENCH_LAMBDA_LARGE_CODEC === 'snappy' ? 'snappy' : 'null'

function bareDecode(file: string): Promise<number> {
  let records = 0
  return new Promise((resolve, reject) => {
    createReadStream(file, { highWaterMark: 1024 * 1024 })
      .pipe(new avro.streams.BlockDecoder({ codecs: { snappy: snappyDecompress } }))
      .on('data', () => records++)
      .on('end', () => resolve(records))
      .on('error', reject)
  })
}

async function timed(name: string, run: () => Promise<number>): Promise<Result> {
  const start = process.hrtime.bigint()
  const operations = await run()
  return { name, operations, perSecond: operations / (Number(process.hrtime.bigint() - start) / 1e9) }
}

export async function run(): Promise<Result[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-lambda-'))
  try {
    const file = path.join(dir, 'raw.avro')
    const warm = path.join(dir, 'warm.avro')
    const written = await writeColdTier(file, { points: POINTS })
    await writeColdTier(warm, { points: 500_000 })
    console.log(`cold-tier object: ${written.points.toLocaleString('en')} points, ${(written.bytes / 1024 ** 2).toFixed(0)} MiB snappy`)
    await bareDecode(warm)
    await detectFile(warm)

    const baseline = await timed('bare avsc decode (baseline)', () => bareDecode(file))
    const pipeline = await timed('decode + detect (Lambda object path)', async () => {
      const outcome = await detectFile(file)
      console.log(`detected ${outcome.events.length} anomalies in ${outcome.points.toLocaleString('en')} points`)
      return outcome.points
    })

    // the large object in a process of its own, so its RSS is nothing but the object path
    rmSync(warm)
    const large = path.join(dir, 'large.avro')
    const big = await writeLarge(large)
    const child = JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, 'lambda-rss.ts'), large], { encoding: 'utf8', maxBuffer: 1 << 20 }),
    ) as { points: number; seconds: number; maxRssKb: number }
    const rssMb = child.maxRssKb / 1024
    console.log(
      `large object: ${(big.bytes / 1024 ** 3).toFixed(2)} GiB (${LARGE_CODEC} codec), ${child.points.toLocaleString('en')} points, ` +
        `peak RSS ${rssMb.toFixed(0)} MB (goal ≤ 256 MB)`,
    )
    const results = [baseline, pipeline, { name: `1 GiB object in a child, peak RSS ${rssMb.toFixed(0)} MB`, operations: child.points, perSecond: child.points / child.seconds }]
    console.log(`goal ≥ 1,000,000 points/s: ${Math.round(pipeline.perSecond).toLocaleString('en')}; goal ≥ 0.5 of bare decode: ${(pipeline.perSecond / baseline.perSecond).toFixed(2)}`)
    return results.map(r => ({ ...r, ratio: r.perSecond / baseline.perSecond }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function writeLarge(file: string) {
  if (LARGE_CODEC === 'snappy') return writeColdTier(file, { minBytes: LARGE_BYTES })
  return writeColdTier(file, { minBytes: LARGE_BYTES, codec: 'null' })
}
