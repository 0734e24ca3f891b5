import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import type { ExportObject, ObjectSink } from './sink'

export interface S3SinkOptions {
  bucket: string
  /** a client of one's own; otherwise one is created from the options below and the default credential chain */
  client?: S3Client
  /** e.g. http://127.0.0.1:4568 for a local S3 server; path-style addressing is then used */
  endpoint?: string
  region?: string
  /** static credentials (a local S3 server); otherwise the default chain */
  credentials?: { accessKeyId: string; secretAccessKey: string }
  /** create the bucket when it does not exist yet (local servers) */
  createBucket?: boolean
}

export function s3Client(options: Pick<S3SinkOptions, 'endpoint' | 'region' | 'credentials'>): S3Client {
  const config: S3ClientConfig = { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1', credentials: options.credentials }
  if (options.endpoint) {
    config.endpoint = options.endpoint
    config.forcePathStyle = true
  }
  return new S3Client(config)
}

/**
 * Puts each object into the bucket. The SDK retries throttling and 5xx with backoff;
 * what still fails stops the run loudly rather than leaving a silent gap in the stream.
 */
export function s3Sink(options: S3SinkOptions): ObjectSink & { ready(): Promise<void>; close(): void } {
  const client = options.client ?? s3Client(options)
  const { bucket } = options
  let ready: Promise<void> | undefined
  const ensureBucket = async () => {
    if (!options.createBucket) return
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }))
    } catch {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
    }
  }
  return {
    kind: 'objects',
    name: `s3://${bucket}`,
    ready: () => (ready ??= ensureBucket()),
    close: () => {
      if (!options.client) client.destroy()
    },
    async put(object: ExportObject) {
      await (ready ??= ensureBucket())
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: object.body, ContentLength: object.body.length, ContentType: object.contentType }))
    },
  }
}
