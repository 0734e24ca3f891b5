/**
 * A bulkhead for one destination: at most `limit` calls at once, at most `maxWaiting`
 * callers queued for a turn. A caller that finds the queue full does not wait here at all.
 */
export class Bulkhead {
  private active = 0
  private readonly queue: (() => void)[] = []

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  /** A turn (resolving to its release; `queued` when it has to wait), or undefined when too many wait already */
  enter(): { turn: Promise<() => void>; queued: boolean } | undefined {
    if (this.active < this.limit) {
      this.active++
      return { turn: Promise.resolve(this.releaser()), queued: false }
    }
    if (this.queue.length >= this.maxWaiting) return undefined
    return { turn: new Promise(resolve => this.queue.push(() => resolve(this.releaser()))), queued: true }
  }

  get load() {
    return { active: this.active, waiting: this.queue.length }
  }

  private releaser() {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.queue.shift()
      // the turn passes straight to the next in line
      if (next) next()
      else this.active--
    }
  }
}
