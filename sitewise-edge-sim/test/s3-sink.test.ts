import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { runScenario } from '../src/run'
import { s3Sink } from '../src/sinks/s3'
import { decodeAvro, defined, shortScenario } from './factories'

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

describe('S3 sink against a local S3 server', () => {
  let server: S3rver
  let directory: string
  let endpoint: string
  let client: S3Client

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sim-s3-'))
    server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
    const { port } = (await server.run()) as { port: number }
    endpoint = `http://127.0.0.1:${port}`
    client = new S3Client({ endpoint, forcePathStyle: true, region: 'eu-central-1', credentials })
  })

  afterAll(async () => {
    client.destroy()
    await server.close()
    rmSync(directory, { recursive: true, force: true })
  })

  const listAll = async (bucket: string) => {
    const keys: string[] = []
    let token: string | undefined
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
      keys.push(...(page.Contents ?? []).map(o => o.Key ?? ''))
      token = page.NextContinuationToken
    } while (token)
    return keys.sort()
  }

  it('creates the bucket and puts every object, byte for byte, under SiteWise\'s keys', async () => {
    const sink = s3Sink({ bucket: 'sitewise-exports', endpoint, region: 'eu-central-1', credentials, createBucket: true })
    const result = await runScenario({ ...shortScenario({ faults: 'default' }), formats: ['avro', 'jsonl'], prefix: 'plant-data', sinks: [sink] }).finally(() => sink.close())
    expect(await listAll('sitewise-exports')).toEqual(result.objects.map(o => o.key).sort())

    const avroKey = defined(result.objects.find(o => o.key.endsWith('_GOOD.avro'))).key
    const stored = await client.send(new GetObjectCommand({ Bucket: 'sitewise-exports', Key: avroKey }))
    const body = Buffer.from(await defined(stored.Body).transformToByteArray())
    expect(body.length).toBe(defined(result.objects.find(o => o.key === avroKey)).bytes)
    const { records } = await decodeAvro(body)
    expect(records).toHaveLength(defined(result.objects.find(o => o.key === avroKey)).records)

    const linesKey = defined(result.objects.find(o => o.key.endsWith('.jsonl'))).key
    const lines = await client.send(new GetObjectCommand({ Bucket: 'sitewise-exports', Key: linesKey }))
    expect(lines.ContentType).toBe('application/x-ndjson')
    const text = await defined(lines.Body).transformToString()
    expect(text.trimEnd().split('\n').map(line => (JSON.parse(line) as { type: string }).type)).toContain('PropertyValueUpdate')
  })

  it('stops the run with the S3 error when the bucket is missing and may not be created', async () => {
    const sink = s3Sink({ bucket: 'no-such-bucket', endpoint, region: 'eu-central-1', credentials })
    await expect(runScenario({ ...shortScenario(), sinks: [sink] }).finally(() => sink.close())).rejects.toMatchObject({ name: 'NoSuchBucket' })
  })
})
