import { createdObjects, decodeKey } from '../src/s3-event'
import { s3Event, s3Record } from './factories/s3-events'

describe('S3 event records', () => {
  it('yields every record, keys URL-decoded with + as a space', () => {
    const event = s3Event(s3Record('b1', 'raw/red flower+1.json', { eTag: 'e1', size: 5 }), s3Record('b1', 'raw/ü/a&b.json', { versionId: 'v2', eTag: 'e2' }))
    expect(event.Records[0]?.s3.object.key).toBe('raw/red+flower%2B1.json')
    expect(createdObjects(event)).toEqual({
      objects: [
        { bucket: 'b1', key: 'raw/red flower+1.json', objectVersion: 'e1', eTag: 'e1', size: 5 },
        { bucket: 'b1', key: 'raw/ü/a&b.json', objectVersion: 'v2', versionId: 'v2', eTag: 'e2', size: 1 },
      ],
      ignored: [],
    })
  })

  it('ignores the s3:TestEvent, removals and malformed records', () => {
    expect(createdObjects({ Service: 'Amazon S3', Event: 's3:TestEvent' })).toEqual({ objects: [], ignored: [] })
    const removed = { ...s3Record('b', 'k'), eventName: 'ObjectRemoved:Delete' }
    const noKey = { ...s3Record('b', 'k'), s3: { bucket: { name: 'b' } } }
    expect(createdObjects({ Records: [removed, noKey, null] }).ignored).toHaveLength(3)
  })

  it('decodes keys as S3 encodes them', () => {
    expect(decodeKey('a+b%2Bc%20d')).toBe('a b+c d')
  })
})
