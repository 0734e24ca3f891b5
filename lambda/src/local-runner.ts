/**
 * The Lambda on a laptop: an S3 server (s3rver) on 127.0.0.1, and for every object created
 * in it the very same handler, invoked with the S3 event record as S3 would send it,
 * publishing to AEM's REST interface (by default the processor's mock broker).
 *
 *   npm run local -w lambda          (ASSET_MAP_FILE / ASSET_MAP, AEM_REST_URL, S3_PORT, S3_BUCKET, S3_DIR)
 */
import { S3Client } from '@aws-sdk/client-s3'
import type { S3Event } from 'aws-lambda'
import type { EventEmitter } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'
import type { AssetMap } from './aws/assets'
import { loadConfig } from './config'
import type { ThresholdConfig } from './detect/settings'
import { createHandler } from './handler'
import { createLogger, type Logger } from './log'
import type { ObjectOutcome } from './process-object'

export interface LocalPipelineOptions {
  /** S3 port on 127.0.0.1; 0 picks a free one (default 4568) */
  port?: number
  bucket?: string
  /** where s3rver keeps the objects (default: a new temporary directory) */
  dir?: string
  aemRestUrl?: string
  credentials?: { username: string; password: string }
  assetMap?: AssetMap
  thresholds?: ThresholdConfig
  /** further configuration variables (see config.ts) */
  env?: Record<string, string | undefined>
  /** called once per object: what was detected and published, or why it failed */
  onObject?: (report: ObjectReport) => void
  log?: Logger
}

export type ObjectReport = { key: string; outcome: ObjectOutcome; error?: undefined } | { key: string; outcome?: undefined; error: Error }

export interface LocalPipeline {
  /** the S3 endpoint for clients (path-style, credentials S3RVER/S3RVER) */
  endpoint: string
  bucket: string
  /** a client of the local S3 server */
  s3: S3Client
  /** resolves once every object created so far has been processed */
  idle(): Promise<void>
  stop(): Promise<void>
}

/** s3rver's fixed access key */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** S3 URL-encodes keys in event records (`+` for a space); s3rver does not */
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/')

export async function startLocalPipeline(options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const bucket = options.bucket ?? 'sitewise-exports'
  const log = options.log ?? createLogger()
  const credentials = options.credentials ?? { username: 'publisher', password: 'publisher' }
  const config = loadConfig({
    AEM_REST_URL: options.aemRestUrl ?? 'http://localhost:4004/mock/aem',
    AEM_USERNAME: credentials.username,
    AEM_PASSWORD: credentials.password,
    SITEWISE_DESCRIBE: 'false',
    ...(options.assetMap && { ASSET_MAP: JSON.stringify(options.assetMap) }),
    ...(options.thresholds && { THRESHOLDS: JSON.stringify(options.thresholds) }),
    ...options.env,
  })
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 4568,
    directory: options.dir ?? mkdtempSync(path.join(tmpdir(), 'sitewise-s3-')),
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  })
  const { port } = (await server.run()) as { port: number }
  const endpoint = `http://127.0.0.1:${port}`
  const s3 = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: LOCAL_S3_CREDENTIALS })
  const handler = createHandler({ config, s3, log })

  // one object after the other, in the order S3 reported them
  let queue = Promise.resolve()
  // s3rver emits the S3 event of every object it stores (its typings do not declare it)
  ;(server as unknown as EventEmitter).on('event', (event: S3Event) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue
      const key = record.s3.object.key
      const s3Record = { ...record, s3: { ...record.s3, object: { ...record.s3.object, key: encodeKey(key) } } }
      queue = queue.then(async () => {
        let report: ObjectReport
        try {
          const result = await handler({ Records: [s3Record] })
          report = { key, outcome: result.objects[0] as ObjectOutcome }
        } catch (error) {
          report = { key, error: error instanceof Error ? error : new Error(String(error)) }
        }
        options.onObject?.(report)
      })
    }
  })

  return {
    endpoint,
    bucket,
    s3,
    idle: async () => {
      // objects reported while waiting extend the queue: wait until it stays put
      for (let seen: Promise<void> | undefined; seen !== queue; ) {
        seen = queue
        await seen
      }
    },
    async stop() {
      await queue
      s3.destroy()
      await server.close()
    },
  }
}

async function main() {
  const env = process.env
  const pipeline = await startLocalPipeline({
    port: Number(env.S3_PORT ?? 4568),
    bucket: env.S3_BUCKET ?? 'sitewise-exports',
    ...(env.S3_DIR && { dir: env.S3_DIR }),
    env,
    ...(env.AEM_USERNAME && env.AEM_PASSWORD && { credentials: { username: env.AEM_USERNAME, password: env.AEM_PASSWORD } }),
    ...(env.AEM_REST_URL && { aemRestUrl: env.AEM_REST_URL }),
    onObject: report => {
      if (report.error) return
      const { outcome } = report
      const found = outcome.events.map(e => `${e.data.anomalyType}/${e.data.severity} ${e.data.propertyAlias ?? e.data.assetId}`)
      process.stderr.write(`${report.key}: ${outcome.format}, ${outcome.points} points, ${outcome.events.length} anomalies published${found.length ? ` (${found.join(', ')})` : ''}\n`)
    },
  })
  process.stderr.write(`local S3 on ${pipeline.endpoint}, bucket ${pipeline.bucket}; objects created there are processed as the Lambda would\n`)
  const stop = () => void pipeline.stop().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
