import type { Interval, Quality, Sample, SeriesSamples } from '../scenario'

/** An asset property notification, as SiteWise publishes it on `$aws/sitewise/asset-models/…/properties/{propertyId}` */
export interface PropertyValueUpdate {
  type: 'PropertyValueUpdate'
  payload: {
    assetId: string
    propertyId: string
    values: {
      timestamp: { timeInSeconds: number; offsetInNanos: number }
      quality: Quality
      value: { doubleValue?: number; stringValue?: string }
    }[]
  }
}

const tqv = (sample: Sample): PropertyValueUpdate['payload']['values'][number] => ({
  timestamp: { timeInSeconds: sample.timeInSeconds, offsetInNanos: sample.offsetInNanos },
  quality: sample.quality,
  value: sample.value,
})

export function propertyValueUpdate(series: SeriesSamples): PropertyValueUpdate {
  return {
    type: 'PropertyValueUpdate',
    payload: { assetId: series.asset.assetId, propertyId: series.property.propertyId, values: series.samples.map(tqv) },
  }
}

/** One notification per object: a single JSON document */
export const notificationDocument = (series: SeriesSamples) => JSON.stringify(propertyValueUpdate(series))

/** Several notifications in one object: JSON Lines, one document a line */
export const notificationLines = (series: readonly SeriesSamples[]) => series.map(s => notificationDocument(s) + '\n').join('')

export const documentKey = (prefix: string, series: SeriesSamples, interval: Interval) =>
  `${prefix}/notifications/${series.asset.assetId}/${series.property.propertyId}/updates_${interval.start}.json`

export const linesKey = (prefix: string, interval: Interval) => `${prefix}/notifications/updates_${interval.start}.jsonl`
