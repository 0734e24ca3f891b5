import cds from '@sap/cds'
import type { Application } from 'express'
import { Limits } from '#cds-models/e2ba/contract'
import { chainScheduler } from '../processing/chain-scheduler'
import { NotificationEventIntake } from '../status/notification-event-intake'
import type { AemConfig } from './aem-config'
import { brokerConnector } from './broker-connectors'
import { Intake } from './intake'
import { EventParser } from './parse-event'
import { QueueConsumer } from './queue-consumer'
import { webhook } from './webhook'

const LOG = cds.log('intake')

/**
 * Wires intake into the server: the webhook and the queue consumer on the broker that
 * `cds.requires.aem` names, and a second consumer on the same connection for S/4's
 * notification events when `notificationEvents` names their queue. Starts with the server,
 * stops with it.
 */
export class Pipeline {
  static current: Pipeline | undefined
  private running: { intake: Intake; consumers: QueueConsumer[]; close?: () => void } | undefined

  /** @param notificationEventWaits hears that a stored notification event waits for its notification to be read */
  constructor(
    private readonly config: AemConfig,
    private readonly notificationEventWaits: () => void = () => {},
  ) {
    Pipeline.current = this
  }

  get intake(): Intake {
    if (!this.running) throw Object.assign(new Error('intake is not running'), { status: 503 })
    return this.running.intake
  }

  /**
   * Ready to take events: started, and bound to the anomaly queue where it consumes one (a
   * missing notification event queue shows in the log, not here: status also comes by polling)
   */
  get ready() {
    return Boolean(this.running && (this.config.consume === false || this.running.consumers[0]?.consuming))
  }

  mount(app: Application) {
    app.use('/intake', webhook((body, channel) => this.intake.receive(body, channel), Limits.maxEventBytes))
  }

  async start() {
    const scheduler = chainScheduler()
    const intake = new Intake(EventParser.forModel(), started => scheduler.offer(started))
    this.running = { intake, consumers: [] }
    if (this.config.consume === false) return
    const connection = await brokerConnector(this.config.kind)(this.config)
    const consumers = [new QueueConsumer(connection.createFlow, intake, this.config)]
    const events = this.config.notificationEvents
    if (events?.queue) {
      const eventIntake = new NotificationEventIntake(this.notificationEventWaits)
      consumers.push(new QueueConsumer(connection.createFlow, eventIntake, { ...this.config, queue: events.queue }))
    }
    for (const consumer of consumers) consumer.start()
    Object.assign(this.running, { consumers, close: connection.close })
    LOG.info(`intake from ${connection.name}, queue ${this.config.queue}${events?.queue ? `; notification events from queue ${events.queue}` : ''}`)
  }

  /** Settles what is in flight, leaves the rest on the broker, and disconnects */
  async stop() {
    const running = this.running
    if (!running) return
    await Promise.all(running.consumers.map(consumer => consumer.stop()))
    await running.intake.idle()
    running.close?.()
    this.running = undefined
  }
}
