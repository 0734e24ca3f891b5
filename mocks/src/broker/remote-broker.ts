import { EventEmitter } from 'node:events'
import type { BrokerConnection } from '../../../srv/intake/broker-connectors'
import { FlowEvent, type Flow, type FlowProperties, type GuaranteedMessage, type MessageOutcome } from '../../../srv/intake/guaranteed-messaging'

/**
 * The consumer's side of flow-server.ts: a processor binds flows on a mock broker running in
 * a process of its own (`npm run broker`), exactly as it binds them on AEM through solclientjs.
 * Settlements go out together, once per turn of the event loop.
 */
export function remoteBroker(url: string, credentials: { username?: string; password?: string }, client: string): BrokerConnection {
  const base = url.replace(/\/+$/, '')
  const authorization = `Basic ${Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64')}`
  return { name: `the mock broker at ${base}`, createFlow: properties => new RemoteFlow(base, authorization, properties, client) }
}

class RemoteFlow extends EventEmitter implements Flow {
  private abort: AbortController | undefined
  private id: string | undefined
  private up = false
  private pending: { id: string; outcome: MessageOutcome }[] = []
  private flushing: Promise<void> | undefined

  constructor(
    private readonly base: string,
    private readonly authorization: string,
    private readonly properties: FlowProperties,
    private readonly client: string,
  ) {
    super()
  }

  connect() {
    const abort = new AbortController()
    this.abort = abort
    void this.read(abort.signal)
  }

  /** Settles what is pending first, so nothing this consumer finished is redelivered */
  disconnect() {
    const abort = this.abort
    if (!abort) return
    this.abort = undefined
    this.up = false
    void this.flush().finally(() => {
      abort.abort()
      this.emit(FlowEvent.DOWN)
    })
  }

  stop() {
    void this.post('stop')
  }

  start() {
    void this.post('start')
  }

  private async read(signal: AbortSignal) {
    let reason: string
    try {
      const query = new URLSearchParams({ queue: this.properties.queueDescriptor.name, windowSize: String(this.properties.windowSize), client: this.client })
      const response = await fetch(`${this.base}/flows?${query}`, { headers: { authorization: this.authorization, accept: 'text/event-stream' }, signal })
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
      reason = 'the broker closed the flow'
    } catch (error) {
      reason = (error as Error).message
    }
    if (signal.aborted) return
    this.up = false
    this.abort = undefined
    this.emit(FlowEvent.DOWN_ERROR, { infoStr: reason })
  }

  private onEvent(frame: string) {
    const event = /^event: (.*)$/m.exec(frame)?.[1]
    const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? '{}') as Record<string, unknown>
    if (event === 'flow') this.id = String(data.id)
    else if (event === 'up') {
      this.up = true
      this.emit(FlowEvent.UP)
    } else if (event === 'message') this.emit(FlowEvent.MESSAGE, this.message(data))
    else if (event === 'down-error') this.up = false
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

  private flush(): Promise<void> {
    if (!this.pending.length) return this.flushing ?? Promise.resolve()
    const settlements = this.pending
    this.pending = []
    const previous = this.flushing ?? Promise.resolve()
    const flushing = previous.then(() => this.post('settle', settlements)).then(() => undefined)
    this.flushing = flushing
    return flushing
  }

  private async post(action: 'settle' | 'stop' | 'start', body?: unknown) {
    if (!this.id) return
    try {
      const response = await fetch(`${this.base}/flows/${this.id}/${action}`, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
      await response.body?.cancel()
    } catch {
      // the flow is broken: its stream ends too, and the broker redelivers what was not settled
    }
  }
}
