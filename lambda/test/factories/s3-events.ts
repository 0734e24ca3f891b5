import { randomBytes } from 'node:crypto'

/** An S3 ObjectCreated:Put record, key URL-encoded as S3 sends it */
export function s3Record(bucket: string, key: string, object: { size?: number; eTag?: string; versionId?: string } = {}) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-central-1',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:EXAMPLE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'EXAMPLE', 'x-amz-id-2': 'EXAMPLE' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'sitewise-exports',
      bucket: { name: bucket, ownerIdentity: { principalId: 'EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeS3Key(key),
        size: object.size ?? 1,
        eTag: object.eTag ?? randomBytes(16).toString('hex'),
        ...(object.versionId && { versionId: object.versionId }),
        sequencer: '0055AED6DCD90281E5',
      },
    },
  }
}

/** How S3 encodes keys in notifications: URL encoding with `+` for spaces */
export const encodeS3Key = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/')

export const s3Event = (...records: ReturnType<typeof s3Record>[]) => ({ Records: records })
