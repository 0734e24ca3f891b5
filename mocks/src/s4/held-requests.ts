import type express from 'express'

/**
 * Requests the stand-in holds without an answer (hangs, late commits) and the commits it
 * owes. A reset or close lets go of all of them, so nothing outlives a test run.
 */
export class HeldRequests {
  private readonly requests = new Set<express.Response>()
  private readonly commits = new Set<NodeJS.Timeout>()

  /** Keeps the request open, unanswered, until the client gives up or the stand-in drops it */
  hold(res: express.Response) {
    this.requests.add(res)
    res.once('close', () => this.requests.delete(res))
  }

  /** Runs `commit` after `ms`, whatever became of the request; the timer keeps no process alive */
  later(commit: () => void, ms: number) {
    const timer = setTimeout(() => {
      this.commits.delete(timer)
      commit()
    }, ms).unref()
    this.commits.add(timer)
  }

  release() {
    for (const timer of this.commits) clearTimeout(timer)
    this.commits.clear()
    for (const res of this.requests) drop(res)
    this.requests.clear()
  }
}

/** Closes the connection without an answer; the request log tells this from a client giving up */
export function drop(res: express.Response) {
  res.locals.dropped = true
  res.req.socket.destroy()
}
