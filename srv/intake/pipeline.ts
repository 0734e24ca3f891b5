import cds from '@sap/cds'
import type { Application } from 'express'
import { Limits } from '#cds-models/e2ba/contract'
import { chainScheduler } from '../processing/chain-scheduler'
import type { AemConfig } from './aem-config'
import { brokerConnector } from './broker-connectors'
import { Intake } from './intake'
import { EventParser } from './parse-event'
import { QueueConsumer } from './queue-consumer'
import { webhook } from './webhook'

const LOG = cds.log('intake')

/**
 * Wires intake into the server: the webhook and the queue consumer on the broker that
 * `cds.requires.aem` names. Starts with the server, stops with it.
 */
export class Pipeline {
  static current: Pipeline | undefined
  private running: { intake: Intake; consumer?: QueueConsumer; close?: () => void } | undefined

  constructor(private readonly config: AemConfig) {
    Pipeline.current = this
  }

  get intake(): Intake {
    if (!this.running) throw Object.assign(new Error('intake is not running'), { status: 503 })
    return this.running.intake
  }

  /** Ready to take events: started, and bound to the queue where it consumes one */
  get ready() {
    return Boolean(this.running && (this.config.consume === false || this.running.consumer?.consuming))
  }

  mount(app: Application) {
    app.use('/intake', webhook((body, channel) => this.intake.receive(body, channel), Limits.maxEventBytes))
  }

  async start() {
    const scheduler = chainScheduler()
    const intake = new Intake(EventParser.forModel(), started => scheduler.offer(started))
    this.running = { intake }
    if (this.config.consume === false) return
    const connection = await brokerConnector(this.config.kind)(this.config)
    const consumer = new QueueConsumer(connection.createFlow, intake, this.config)
    consumer.start()
    Object.assign(this.running, { consumer, close: connection.close })
    LOG.info(`intake from ${connection.name}, queue ${this.config.queue}`)
  }

  /** Settles what is in flight, leaves the rest on the broker, and disconnects */
  async stop() {
    const running = this.running
    if (!running) return
    await running.consumer?.stop()
    await running.intake.idle()
    running.close?.()
    this.running = undefined
  }
}
