import type { SeriesSamples } from '../scenario'

/** An object in one of SiteWise's export formats, ready for a bucket or a folder */
export interface ExportObject {
  key: string
  body: Buffer
  contentType: string
  /** samples it holds */
  records: number
}

/** Receives whole objects: S3 buckets and local folders */
export interface ObjectSink {
  kind: 'objects'
  name: string
  put(object: ExportObject): Promise<void>
  /** releases connections the sink opened itself */
  close?(): void
}

/** Receives the samples themselves: SiteWise ingestion */
export interface SampleSink {
  kind: 'samples'
  name: string
  write(series: readonly SeriesSamples[]): Promise<void>
  close?(): void
}

export type Sink = ObjectSink | SampleSink

/**
 * Runs `task` over `items` with at most `limit` in flight. After a failure no new task starts,
 * and the first error is thrown once those in flight have settled, so none outlives the call.
 */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++] as T
      try {
        await task(item)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure) throw failure.error
}
