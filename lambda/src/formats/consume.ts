import type { Readable } from 'node:stream'

/**
 * Feeds every item of an object stream to `handle`, synchronously as long as it returns
 * nothing; when it returns a promise (a lookup, a full publishing queue) the stream pauses
 * until it settles. That keeps the hot path free of per-item promises and memory flat.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- names the item type the stream yields
export function consume<T>(source: Readable, handle: (item: T) => void | Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false
    let pending: Promise<void> | undefined
    const fail = (error: unknown) => {
      if (failed) return
      failed = true
      source.destroy()
      reject(error instanceof Error ? error : new Error(String(error)))
    }
    source.on('data', (item: T) => {
      if (failed) return
      let waiting: void | Promise<void>
      try {
        waiting = handle(item)
      } catch (error) {
        fail(error)
        return
      }
      if (!waiting) return
      source.pause()
      pending = waiting.then(() => {
        pending = undefined
        if (!failed) source.resume()
      }, fail)
    })
    source.once('error', fail)
    source.once('end', () => {
      void (pending ?? Promise.resolve()).then(() => {
        if (!failed) resolve()
      })
    })
  })
}
