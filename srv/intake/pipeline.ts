import cds from '@sap/cds'
import type { Application } from 'express'
import { Limits } from '#cds-models/e2ba/contract'
import { MockBroker } from '../mocks/mock-broker'
import { chainQueue } from '../processing/chain-queue'
import { mockAemRest } from '../mocks/mock-aem-rest'
import { Intake } from './intake'
import { EventParser } from './parse-event'
import { QueueConsumer } from './queue-consumer'
import { connectSolace, type AemCredentials } from './solace-session'
import { webhook } from './webhook'

const LOG = cds.log('intake')

/** How long a stop waits for the chains resumed at start to be picked up */
const RESUME_GRACE_MS = 5000

/** cds.requires.aem: where events come from */
export interface AemConfig {
  /** `solace`: the real broker from the `aem` binding; `mock-aem`: the in-process mock (development and test only) */
  kind: 'solace' | 'mock-aem'
  queue: string
  windowSize: number
  /** consume the queue; false for deployments that only receive through the webhook */
  consume?: boolean
  reconnectRetries?: number
  /** mock only: topics the queue attracts, and redeliveries before the dead message queue */
  subscriptions?: string[]
  maxRedeliveries?: number
  credentials?: AemCredentials & { username: string; password: string }
}

/**
 * Wires intake into the server: the webhook, the queue consumer and, in development and
 * tests, the mock broker with its REST interface. Starts with the server, stops with it.
 */
export class Pipeline {
  static current: Pipeline | undefined
  readonly broker: MockBroker | undefined
  private running: { intake: Intake; resumed: Promise<unknown>; consumer?: QueueConsumer; close?: () => void } | undefined

  constructor(private readonly config: AemConfig) {
    if (config.kind === 'mock-aem') {
      if (cds.env.profiles.includes('production')) throw new Error('the mock broker is for development and tests only')
      this.broker = new MockBroker()
      this.broker.provisionQueue(config.queue, { subscriptions: config.subscriptions ?? [], maxRedeliveries: config.maxRedeliveries ?? 3 })
    }
    Pipeline.current = this
  }

  get intake(): Intake {
    if (!this.running) throw Object.assign(new Error('intake is not running'), { status: 503 })
    return this.running.intake
  }

  mount(app: Application) {
    app.use('/intake', webhook((body, channel) => this.intake.receive(body, channel), Limits.maxEventBytes))
    if (this.broker && this.config.credentials) app.use('/mock/aem', mockAemRest(this.broker, this.config.credentials))
  }

  async start() {
    const chains = await chainQueue()
    const intake = new Intake(EventParser.forModel(), chains.enqueue)
    // chains queued before a restart resume now
    this.running = { intake, resumed: chains.resume() }
    if (this.config.consume === false) return
    const connection = this.broker
      ? { createFlow: this.broker.createMessageConsumer, close: undefined }
      : await connectSolace(this.config.credentials as AemCredentials, { reconnectRetries: this.config.reconnectRetries ?? -1 })
    const consumer = new QueueConsumer(connection.createFlow, intake, this.config)
    consumer.start()
    Object.assign(this.running, { consumer, close: connection.close })
    LOG.info(`intake from ${this.broker ? 'the mock broker' : 'AEM'}, queue ${this.config.queue}`)
  }

  /** Settles what is in flight, leaves the rest on the broker, and disconnects */
  async stop() {
    const running = this.running
    if (!running) return
    await running.consumer?.stop()
    await running.intake.idle()
    await Promise.race([running.resumed, new Promise(resolve => setTimeout(resolve, RESUME_GRACE_MS).unref())])
    running.close?.()
    this.running = undefined
  }
}
