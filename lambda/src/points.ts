import type { Sample } from '#contract'

export type Quality = NonNullable<Sample['quality']>

/** One reading of one time series, whichever format it came from */
export interface Point {
  /** epoch seconds and nanosecond offset, as SiteWise stores them (ordering and identity) */
  sec: number
  nanos: number
  /** epoch milliseconds, for windows and rates */
  time: number
  quality: Quality
  /** a numeric reading (double, integer, or boolean as 0/1); null when the value is text or absent */
  value: number | null
  /** a text reading, e.g. an alarm state (JSON or plain) */
  text: string | null
  /** SiteWise recordVersion: larger is newer; -1 when the format has none */
  version: number
}

/** A time series as SiteWise identifies it: modeled series are `{assetId}_{propertyId}` */
export interface SeriesRef {
  seriesId: string
  assetId: string
  propertyId?: string
}

const QUALITIES = new Set<string>(['GOOD', 'BAD', 'UNCERTAIN'])

/** SiteWise quality strings; anything unknown counts as UNCERTAIN, never as GOOD */
export const quality = (raw: unknown): Quality => (typeof raw === 'string' && QUALITIES.has(raw) ? (raw as Quality) : 'UNCERTAIN')

export const toMillis = (sec: number, nanos: number) => sec * 1000 + Math.floor(nanos / 1e6)

/** `{assetId}_{propertyId}`; a series id without `_` is an unmodeled data stream */
export function seriesRef(seriesId: string): SeriesRef | undefined {
  const cut = seriesId.indexOf('_')
  if (cut <= 0 || cut === seriesId.length - 1) return undefined
  return { seriesId, assetId: seriesId.slice(0, cut), propertyId: seriesId.slice(cut + 1) }
}
