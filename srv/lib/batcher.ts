/**
 * Group commit: items submitted while a batch is being stored wait and go together in the
 * next one, so one transaction (and one disk sync) serves many messages under load, while a
 * lone message is stored at once. Batches run one after another; each item's promise settles
 * with its own result, or with the batch's error.
 */
export class Batcher<Item, Result> {
  private waiting: { item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = []
  private running: Promise<void> | undefined

  constructor(
    private readonly storeBatch: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject })
      this.running ??= this.drain()
    })
  }

  /** Resolves once everything submitted so far is stored (or has failed) */
  async idle() {
    await this.running
  }

  private async drain() {
    // let the current burst of synchronous submissions join the first batch
    await new Promise(setImmediate)
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch)
      // a synchronous database driver blocks the event loop for a whole batch: let I/O in between
      if (batch.length === this.maxBatch) await new Promise(setImmediate)
      try {
        const results = await this.storeBatch(batch.map(b => b.item))
        batch.forEach((b, i) => {
          b.resolve(results[i] as Result)
        })
      } catch (error) {
        for (const b of batch) b.reject(error)
      }
    }
    this.running = undefined
  }
}
