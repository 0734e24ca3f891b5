import { Batcher } from '../lib/batcher'
import { inOwnTransaction } from '../lib/own-transaction'

type Write = () => PromiseLike<unknown>
type Settled = { value: unknown } | { error: unknown }

/** Runs each write in its own transaction: after a failed batch, so that only the failing write fails */
const oneByOne = (writes: Write[]) =>
  Promise.all(writes.map(write => inOwnTransaction(write).then(value => ({ value }), (error: unknown) => ({ error }))))

/** Small enough that a batch never holds the event loop for long (sqlite's driver is synchronous) */
const MAX_BATCH = 32

/**
 * The chain runner's reads and writes, group-committed: whatever the chains in flight
 * submit while a transaction runs goes together in the next one, so hundreds of chains share
 * a commit (and its disk sync) instead of each paying for its own. A write never calls
 * `recorded` itself (it would wait for its own batch).
 */
const batcher = new Batcher<Write, Settled>(async writes => {
  try {
    return await inOwnTransaction(async () => {
      const results: Settled[] = []
      for (const write of writes) results.push({ value: await write() })
      return results
    })
  } catch (error) {
    if (writes.length === 1) return [{ error }]
    return oneByOne(writes)
  }
}, MAX_BATCH)

/** Runs `write` in the next group commit; settles with its own result once that is committed */
export async function recorded<T>(write: () => PromiseLike<T>): Promise<T> {
  const settled = await batcher.submit(write)
  if ('error' in settled) throw settled.error
  return settled.value as T
}
