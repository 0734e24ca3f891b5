import type { AemCredentials } from './solace-session'

/** cds.requires.aem: where events come from */
export interface AemConfig {
  /** `solace`: the real broker from the `aem` binding; other kinds are registered by plugins (the local mock broker) */
  kind: string
  queue: string
  windowSize: number
  /** consume the queue; false for deployments that only receive through the webhook */
  consume?: boolean
  reconnectRetries?: number
  /** the mock broker only: topics the queue attracts, and redeliveries before the dead message queue */
  subscriptions?: string[]
  maxRedeliveries?: number
  credentials?: AemCredentials
}
