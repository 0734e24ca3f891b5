import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'

/** s3rver in-process on 127.0.0.1 (port 0), with a client that talks to it */
export async function localS3() {
  const directory = mkdtempSync(path.join(tmpdir(), 'lambda-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
  const { port } = (await server.run()) as { port: number }
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  return {
    client,
    async bucket(name: string) {
      await client.send(new CreateBucketCommand({ Bucket: name }))
    },
    /** stores the object, returns the ETag (unquoted, as S3 events carry it) and size */
    async put(bucket: string, key: string, body: Buffer | string) {
      const result = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: typeof body === 'string' ? Buffer.from(body) : body, ContentLength: Buffer.byteLength(body) }))
      return { eTag: (result.ETag ?? '').replace(/"/g, ''), size: Buffer.byteLength(body) }
    },
    async close() {
      client.destroy()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}

export type LocalS3 = Awaited<ReturnType<typeof localS3>>
