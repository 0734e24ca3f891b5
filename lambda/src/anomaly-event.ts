import { createHash } from 'node:crypto'
import type { Limits } from '#cds-models/e2ba/contract'
import type { AnomalyData, AnomalyEvent } from '#contract'

/** Most recent samples an event carries; typed against the contract's own limit */
export const MAX_SAMPLES: (typeof Limits)['maxSamples'] = 50

/** Where an anomaly window came from: everything that makes it unique, nothing that varies per delivery */
export interface WindowOrigin {
  bucket: string
  key: string
  /** S3 versionId, else the ETag: a rewritten object is a new origin */
  objectVersion: string
  seriesId: string
  anomalyType: AnomalyData['anomalyType']
  windowStart: string
}

/**
 * The CloudEvents id: a hash of the window's origin, so a redelivered S3 event or a
 * Lambda retry publishes the same id and the processor drops the duplicate.
 */
export function eventId(origin: WindowOrigin): string {
  const parts = [origin.bucket, origin.key, origin.objectVersion, origin.seriesId, origin.anomalyType, origin.windowStart]
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

/** Wraps detected data in the contract's CloudEvents envelope, keeping the newest samples only */
export function anomalyEvent(data: AnomalyData, meta: { id: string; source: string; time: Date }): AnomalyEvent {
  return {
    specversion: '1.0',
    id: meta.id,
    source: meta.source,
    type: 'sitewise.anomaly.detected.v1',
    time: meta.time.toISOString(),
    subject: data.assetId,
    datacontenttype: 'application/json',
    data: { ...data, samples: data.samples.slice(-MAX_SAMPLES) },
  }
}
