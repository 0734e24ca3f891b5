import {
  BatchPutAssetPropertyValueCommand,
  IoTSiteWiseClient,
  type AssetPropertyValue,
  type PutAssetPropertyValueEntry,
} from '@aws-sdk/client-iotsitewise'
import type { Sample, SeriesSamples } from '../scenario'
import { eachLimited, type SampleSink } from './sink'

/** BatchPutAssetPropertyValue limits */
export const MAX_ENTRIES = 10
export const MAX_VALUES_PER_ENTRY = 10
const MAX_AGE_SECONDS = 7 * 86_400
const MAX_AHEAD_SECONDS = 10 * 60

/** Error codes worth another attempt: capacity and transient server trouble */
const RETRYABLE = new Set(['ThrottlingException', 'ServiceUnavailableException', 'InternalFailureException', 'LimitExceededException'])

export interface SiteWiseSinkOptions {
  client?: IoTSiteWiseClient
  region?: string
  /** address properties by alias (default: works for assets and unmodeled streams) or by assetId + propertyId */
  addressBy?: 'alias' | 'ids'
  /** attempts per request, the first included */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** requests in flight */
  concurrency?: number
  /** injectable clock and pause, for tests */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export interface Rejection {
  propertyAlias: string
  errorCode: string
  message: string
  values: number
}

export interface SiteWiseStats {
  requests: number
  values: number
  retries: number
  rejected: Rejection[]
}

interface Pending {
  series: SeriesSamples
  samples: Sample[]
}

const pause = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error')
const retryableError = (error: unknown) => {
  if (RETRYABLE.has(errorName(error))) return true
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  return status !== undefined && status >= 500
}

/** Entries of ≤10 values, grouped into requests of ≤10 entries */
export function chunkRequests(pending: readonly Pending[]): Pending[][] {
  const entries: Pending[] = []
  for (const { series, samples } of pending) {
    for (let i = 0; i < samples.length; i += MAX_VALUES_PER_ENTRY) entries.push({ series, samples: samples.slice(i, i + MAX_VALUES_PER_ENTRY) })
  }
  const requests: Pending[][] = []
  for (let i = 0; i < entries.length; i += MAX_ENTRIES) requests.push(entries.slice(i, i + MAX_ENTRIES))
  return requests
}

/**
 * Sends samples to AWS IoT SiteWise with BatchPutAssetPropertyValue: at most 10 entries of 10
 * values a request, timestamps checked against the accepted window (7 days back, 10 minutes
 * ahead) before sending, per-entry errors read from the response, and throttled or failed
 * entries retried with exponential backoff and full jitter. What SiteWise refuses for good is
 * counted per property and code, never dropped silently.
 */
export function siteWiseSink(options: SiteWiseSinkOptions = {}): SampleSink & { stats: SiteWiseStats; close(): void } {
  // one SDK attempt each: the sink's own loop retries whole requests and single entries alike
  const client = options.client ?? new IoTSiteWiseClient({ region: options.region ?? process.env.AWS_REGION, maxAttempts: 1 })
  const maxAttempts = options.maxAttempts ?? 6
  const baseDelay = options.baseDelayMs ?? 200
  const maxDelay = options.maxDelayMs ?? 10_000
  const now = options.now ?? (() => Date.now() / 1000)
  const sleep = options.sleep ?? pause
  const stats: SiteWiseStats = { requests: 0, values: 0, retries: 0, rejected: [] }

  const reject = (series: SeriesSamples, errorCode: string, message: string, values: number) => {
    const alias = series.property.propertyAlias
    const known = stats.rejected.find(r => r.propertyAlias === alias && r.errorCode === errorCode)
    if (known) known.values += values
    else stats.rejected.push({ propertyAlias: alias, errorCode, message, values })
  }

  const entry = (item: Pending, entryId: string): PutAssetPropertyValueEntry => ({
    entryId,
    ...(options.addressBy === 'ids'
      ? { assetId: item.series.asset.assetId, propertyId: item.series.property.propertyId }
      : { propertyAlias: item.series.property.propertyAlias }),
    propertyValues: item.samples.map(
      (s): AssetPropertyValue => ({ value: s.value, quality: s.quality, timestamp: { timeInSeconds: s.timeInSeconds, offsetInNanos: s.offsetInNanos } }),
    ),
  })

  const send = async (request: Pending[]) => {
    let batch = request
    for (let attempt = 1; batch.length > 0; attempt++) {
      if (attempt > 1) {
        stats.retries++
        await sleep(Math.random() * Math.min(maxDelay, baseDelay * 2 ** (attempt - 2)))
      }
      const last = attempt >= maxAttempts
      const entries = batch.map((item, i) => entry(item, `e${i}`))
      stats.requests++
      let errorEntries
      try {
        errorEntries = (await client.send(new BatchPutAssetPropertyValueCommand({ entries }))).errorEntries ?? []
      } catch (error) {
        if (!last && retryableError(error)) continue
        for (const item of batch) reject(item.series, errorName(error), error instanceof Error ? error.message : String(error), item.samples.length)
        return
      }
      const retry: Pending[] = []
      // an entry's errors, gathered even if the response lists the entry more than once
      const errorsOf = new Map<number, NonNullable<(typeof errorEntries)[number]['errors']>>()
      for (const errorEntry of errorEntries) {
        const index = Number(errorEntry.entryId?.slice(1))
        if (batch[index]) errorsOf.set(index, [...(errorsOf.get(index) ?? []), ...(errorEntry.errors ?? [])])
      }
      for (const [index, errors] of errorsOf) {
        const item = batch[index] as Pending
        let unaccounted = item.samples
        for (const error of errors) {
          const stamps = new Set((error.timestamps ?? []).map(t => `${t.timeInSeconds}:${t.offsetInNanos ?? 0}`))
          const hit = stamps.size === 0 ? unaccounted : unaccounted.filter(s => stamps.has(`${s.timeInSeconds}:${s.offsetInNanos}`))
          unaccounted = unaccounted.filter(s => !hit.includes(s))
          if (hit.length === 0) continue
          const code = error.errorCode ?? 'Unknown'
          if (!last && RETRYABLE.has(code)) retry.push({ series: item.series, samples: hit })
          else reject(item.series, code, error.errorMessage ?? '', hit.length)
        }
        stats.values += unaccounted.length
      }
      batch.forEach((item, i) => {
        if (!errorsOf.has(i)) stats.values += item.samples.length
      })
      batch = retry
    }
  }

  return {
    kind: 'samples',
    name: 'AWS IoT SiteWise',
    stats,
    close: () => {
      if (!options.client) client.destroy()
    },
    async write(series: readonly SeriesSamples[]) {
      const earliest = now() - MAX_AGE_SECONDS
      const latest = now() + MAX_AHEAD_SECONDS
      const pending: Pending[] = []
      for (const s of series) {
        const inWindow = s.samples.filter(v => v.timeInSeconds >= earliest && v.timeInSeconds <= latest)
        if (inWindow.length < s.samples.length) {
          reject(s, 'TimestampOutOfRange', 'outside SiteWise’s window: at most 7 days old and 10 minutes ahead', s.samples.length - inWindow.length)
        }
        if (inWindow.length > 0) pending.push({ series: s, samples: inWindow })
      }
      await eachLimited(chunkRequests(pending), options.concurrency ?? 4, send)
    },
  }
}
