/** One object an S3 event notification says was created */
export interface CreatedObject {
  bucket: string
  key: string
  size?: number
  /** the versionId in versioned buckets, else the ETag: what makes this content unique */
  objectVersion: string
  versionId?: string
  eTag?: string
}

export interface ReadEvent {
  objects: CreatedObject[]
  /** records that are no object creation, or unusable (each with the reason) */
  ignored: string[]
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null
const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined)

/** S3 URL-encodes keys in notifications, with `+` for a space */
export const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '))

/**
 * Every record of the event, not just the first. The s3:TestEvent S3 sends when a
 * notification is set up has no Records and yields nothing.
 */
export function createdObjects(event: unknown): ReadEvent {
  const records: unknown[] = isObject(event) && Array.isArray(event.Records) ? event.Records : []
  const result: ReadEvent = { objects: [], ignored: [] }
  for (const record of records) {
    const name = isObject(record) ? str(record.eventName) : undefined
    const s3 = isObject(record) && isObject(record.s3) ? record.s3 : undefined
    const bucket = s3 && isObject(s3.bucket) ? str(s3.bucket.name) : undefined
    const object = s3 && isObject(s3.object) ? s3.object : undefined
    const rawKey = object ? str(object.key) : undefined
    if (!name?.startsWith('ObjectCreated:')) {
      result.ignored.push(`${name ?? 'unknown'} is no object creation`)
      continue
    }
    if (!bucket || !object || !rawKey) {
      result.ignored.push('record without bucket or key')
      continue
    }
    let key: string
    try {
      key = decodeKey(rawKey)
    } catch {
      result.ignored.push(`key is not URL-encoded: ${rawKey.slice(0, 200)}`)
      continue
    }
    const versionId = str(object.versionId)
    const eTag = str(object.eTag)
    const size = typeof object.size === 'number' ? object.size : undefined
    result.objects.push({
      bucket,
      key,
      objectVersion: versionId ?? eTag ?? '',
      ...(size !== undefined && { size }),
      ...(versionId && { versionId }),
      ...(eTag && { eTag }),
    })
  }
  return result
}
