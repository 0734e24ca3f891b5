import type { AnomalyEvent } from '#contract'

/**
 * At most `concurrency` publications in flight. `submit` returns a promise only when all
 * slots are taken, so the reader pauses exactly then; the first failure stops further
 * submissions and `drain` reports it.
 */
export class PublishQueue {
  private readonly inFlight = new Set<Promise<void>>()
  private failure: Error | undefined

  constructor(
    private readonly publish: (event: AnomalyEvent) => Promise<void>,
    private readonly concurrency: number,
  ) {}

  submit(event: AnomalyEvent): void | Promise<void> {
    if (this.failure) throw this.failure
    const running: Promise<void> = this.publish(event).then(
      () => void this.inFlight.delete(running),
      (error: unknown) => {
        this.inFlight.delete(running)
        this.failure ??= error instanceof Error ? error : new Error(String(error))
      },
    )
    this.inFlight.add(running)
    if (this.inFlight.size >= this.concurrency) return Promise.race(this.inFlight).then(() => this.check())
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight)
    this.check()
  }

  private check() {
    if (this.failure) throw this.failure
  }
}
