import { EventEmitter } from 'node:events'
import type { BrokerConnection } from '../../../srv/intake/broker-connectors'
import { FlowEvent, type Flow, type FlowProperties, type GuaranteedMessage, type MessageOutcome } from '../../../srv/intake/guaranteed-messaging'

/** how long a settlement or flow-control request may take before the flow counts as broken */
const REQUEST_TIMEOUT_MS = 10_000

/**
 * The consumer's side of flow-server.ts: a processor binds flows on a mock broker running in
 * a process of its own (`npm run broker`), exactly as it binds them on AEM through solclientjs.
 * Settlements go out together, once per turn of the event loop; they and flow control go out
 * one request after another, in order. A request that fails breaks the flow: its stream is
 * closed and DOWN_ERROR raised, so the broker redelivers what was not settled and the consumer
 * binds anew.
 */
export function remoteBroker(url: string, credentials: { username?: string; password?: string }, client: string): BrokerConnection {
  const base = url.replace(/\/+$/, '')
  const authorization = `Basic ${Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64')}`
  return { name: `the mock broker at ${base}`, createFlow: properties => new RemoteFlow(base, authorization, properties, client) }
}

class RemoteFlow extends EventEmitter implements Flow {
  private readonly abort = new AbortController()
  private id: string | undefined
  private up = false
  /** set once the consumer disconnects: nothing more is taken */
  private leaving = false
  /** why the flow broke, as the broker or a failed request said */
  private reason: string | undefined
  private stopped = false
  private pending: { id: string; outcome: MessageOutcome }[] = []
  /** the requests to the broker, one after another */
  private requests: Promise<void> = Promise.resolve()

  constructor(
    private readonly base: string,
    private readonly authorization: string,
    private readonly properties: FlowProperties,
    private readonly client: string,
  ) {
    super()
  }

  connect() {
    void this.read()
  }

  /** Settles what is pending first, so nothing this consumer finished is redelivered */
  disconnect() {
    if (this.leaving) return
    this.leaving = true
    this.up = false
    void this.flush().finally(() => {
      this.abort.abort()
      this.emit(FlowEvent.DOWN)
    })
  }

  stop() {
    this.stopped = true
    this.send('stop')
  }

  start() {
    this.stopped = false
    this.send('start')
  }

  private async read() {
    try {
      const query = new URLSearchParams({ queue: this.properties.queueDescriptor.name, windowSize: String(this.properties.windowSize), client: this.client })
      const response = await fetch(`${this.base}/flows?${query}`, { headers: { authorization: this.authorization, accept: 'text/event-stream' }, signal: this.abort.signal })
      if (!response.ok || !response.body) throw new Error(`binding failed: HTTP ${response.status} ${await response.text()}`)
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.onEvent(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
        }
      }
      this.reason ??= 'the broker closed the flow'
    } catch (error) {
      this.reason ??= (error as Error).message
    }
    if (this.leaving) return
    this.up = false
    this.leaving = true
    this.emit(FlowEvent.DOWN_ERROR, { infoStr: this.reason })
  }

  private onEvent(frame: string) {
    if (this.leaving) return
    const event = /^event: (.*)$/m.exec(frame)?.[1]
    const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? '{}') as Record<string, unknown>
    if (event === 'flow') {
      this.id = String(data.id)
      // stopped before the broker named the flow: tell it now
      if (this.stopped) this.send('stop')
    } else if (event === 'up') {
      this.up = true
      this.emit(FlowEvent.UP)
    } else if (event === 'message') this.emit(FlowEvent.MESSAGE, this.message(data))
    else if (event === 'down-error') this.reason = String(data.reason)
  }

  private message(data: Record<string, unknown>): GuaranteedMessage {
    const id = String(data.id)
    let settled = false
    return {
      getBinaryAttachment: () => new Uint8Array(Buffer.from(String(data.body), 'base64')),
      getApplicationMessageId: () => (data.applicationMessageId as string | null) ?? null,
      getDeliveryCount: () => data.deliveryCount as number,
      settle: outcome => {
        // like solclientjs: only once, and only while the flow is up
        if (settled || !this.up) throw new Error('message is already settled or its flow is down')
        settled = true
        this.pending.push({ id, outcome })
        if (this.pending.length === 1) setImmediate(() => void this.flush())
      },
    }
  }

  /** Sends the pending settlements; resolves once every request so far is done */
  private flush(): Promise<void> {
    if (this.pending.length) {
      const settlements = this.pending
      this.pending = []
      this.send('settle', settlements)
    }
    return this.requests
  }

  private send(action: 'settle' | 'stop' | 'start', body?: unknown) {
    this.requests = this.requests.then(() => this.post(action, body))
  }

  private async post(action: 'settle' | 'stop' | 'start', body?: unknown) {
    // not named yet, or broken: the broker redelivers whatever this flow did not settle
    if (!this.id || this.abort.signal.aborted) return
    try {
      const response = await fetch(`${this.base}/flows/${this.id}/${action}`, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      await response.body?.cancel()
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
    } catch (error) {
      this.reason ??= `${action} failed: ${(error as Error).message}`
      this.abort.abort()
    }
  }
}
