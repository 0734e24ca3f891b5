import cds from '@sap/cds'
import type { ChannelCode } from '#cds-models/e2ba'
import { Batcher } from '../lib/batcher'
import { InvalidEvent } from './invalid-event'
import type { EventParser } from './parse-event'
import { loadSeverityRank, storeEvents, type Outcome, type Received, type SeverityRank } from './store-events'

const LOG = cds.log('intake')

/**
 * The one way into the processor, for the queue consumer and the webhook alike: parse,
 * then store durably (batched) and say what became of the message. A rejected promise means
 * a transient failure (e.g. the database is unavailable): nothing was stored, try again.
 */
export class Intake {
  private readonly batcher = new Batcher<Received, Outcome>(batch => this.store(batch))
  private severityRank: SeverityRank | undefined

  constructor(
    private readonly parser: EventParser,
    /** hears the events whose chains were started, once they are committed */
    private readonly startChains: (eventIDs: string[]) => void,
  ) {}

  receive(body: Uint8Array | string, channel: ChannelCode): Promise<Outcome> {
    return this.batcher.submit(this.parse(body, channel))
  }

  /** Waits until everything received so far is stored */
  idle() {
    return this.batcher.idle()
  }

  /**
   * Parsing reads nothing but the message, so its failures are never transient: whatever it
   * throws, the message is stored as rejected with the reason, not retried into the DMQ.
   */
  private parse(body: Uint8Array | string, channel: ChannelCode): Received {
    try {
      return { channel, body, event: this.parser.parse(body) }
    } catch (error) {
      if (error instanceof InvalidEvent) return { channel, body, invalid: error.message }
      LOG.error('a message broke the parser, rejecting it:', error)
      return { channel, body, invalid: `message could not be read: ${(error as Error).message}` }
    }
  }

  private async store(batch: Received[]) {
    const started: string[] = []
    const outcomes = await cds.tx({ user: new cds.User.Privileged() }, async () => {
      this.severityRank ??= await loadSeverityRank()
      return storeEvents(batch, eventID => started.push(eventID), this.severityRank)
    })
    this.startChains(started)
    for (const outcome of outcomes) {
      if (outcome.status === 'REJECTED') LOG.warn('rejected event', outcome.eventId, '-', outcome.reason)
      else if (outcome.status === 'DUPLICATE') LOG.info('duplicate event', outcome.eventId)
    }
    return outcomes
  }
}
