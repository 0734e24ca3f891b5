import type { AnomalyEvent } from '#contract'
import type { CredentialSource } from '../aws/secrets'
import type { Logger } from '../log'

export interface AemTarget {
  /** the broker's REST messaging base URL, e.g. https://mr-connection-….messaging.solace.cloud:9443 */
  url: string
  topicPrefix: string
  timeoutMs: number
  /** further attempts after a transient failure (network, timeout, 429, 5xx) */
  retries: number
  retryBaseMs: number
}

export class PublishFailed extends Error {
  override name = 'PublishFailed'
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

/** Solace's queue-partition key (solclientjs SOLCLIENT_USER_PROP_QUEUE_PARTITION_KEY) as a REST user property header */
export const PARTITION_KEY_HEADER = 'Solace-User-Property-JMSXGroupID'

const transient = (status: number) => status === 408 || status === 429 || status >= 500
/** fetch reports network failures as "fetch failed" with the reason in `cause` */
const reasonOf = (error: Error) => (error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message)
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/**
 * Publishes anomaly events to AEM's REST messaging interface: `POST {url}/TOPIC/{topic}`,
 * persistent delivery, the deterministic event id as Solace-Message-ID (so the processor
 * drops what it has seen), the asset id as partition key (user property JMSXGroupID, sent as
 * a `Solace-User-Property-` header: on a partitioned queue one asset's events go to one
 * consumer, in order), basic auth. 200 means spooled; anything else throws after the
 * transient failures have been retried with backoff, so Lambda retries the whole object.
 */
export class AemPublisher {
  constructor(
    private readonly target: AemTarget,
    private readonly credentials: CredentialSource,
    private readonly log: Logger,
  ) {}

  /** `{prefix}/{assetId}/{anomalyType}`: subscribe to `sitewise/anomaly/>` for all */
  topic(event: AnomalyEvent): string {
    return [...this.target.topicPrefix.split('/'), event.data.assetId, event.data.anomalyType].map(encodeURIComponent).join('/')
  }

  async publish(event: AnomalyEvent): Promise<void> {
    const topic = this.topic(event)
    const body = JSON.stringify(event)
    let refreshed = false
    for (let attempt = 0; ; attempt++) {
      let outcome: number | Error
      try {
        outcome = await this.post(topic, body, event.id, event.data.assetId)
      } catch (error) {
        outcome = error instanceof Error ? error : new Error(String(error))
      }
      if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) return
      if (outcome === 401 && !refreshed) {
        // a rotated secret: read it again, once
        refreshed = true
        this.credentials.invalidate()
        continue
      }
      const reason = typeof outcome === 'number' ? `HTTP ${outcome}` : reasonOf(outcome)
      if ((typeof outcome === 'number' && !transient(outcome)) || attempt >= this.target.retries)
        throw new PublishFailed(`publishing ${event.id} to ${topic} failed: ${reason}`, typeof outcome === 'number' ? outcome : undefined)
      this.log.warn('publish.retry', { eventId: event.id, topic, attempt: attempt + 1, reason })
      await sleep(this.target.retryBaseMs * 2 ** attempt)
    }
  }

  private async post(topic: string, body: string, messageId: string, partitionKey: string): Promise<number> {
    const { username, password } = await this.credentials.get()
    const response = await fetch(`${this.target.url.replace(/\/+$/, '')}/TOPIC/${topic}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        'content-type': 'application/json',
        'solace-delivery-mode': 'persistent',
        'solace-message-id': messageId,
        [PARTITION_KEY_HEADER]: partitionKey,
      },
      body,
      signal: AbortSignal.timeout(this.target.timeoutMs),
    })
    await response.body?.cancel()
    return response.status
  }
}
