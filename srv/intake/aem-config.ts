import type { AemCredentials } from './solace-session'

/** cds.requires.aem: where events come from */
export interface AemConfig {
  /** `solace`: the real broker from the `aem` binding; other kinds are registered by plugins (the local mock broker) */
  kind: string
  queue: string
  windowSize: number
  /** messages taken but not yet settled, at most (see QueueConsumer); below the queue's max-delivered-unacked-msgs-per-flow */
  maxUnsettled?: number
  /** consume the queue; false for deployments that only receive through the webhook */
  consume?: boolean
  reconnectRetries?: number
  /** the mock broker only: topics the queue attracts, redeliveries before the dead message queue, partitions (0: none) */
  subscriptions?: string[]
  maxRedeliveries?: number
  partitionCount?: number
  credentials?: AemCredentials
  /**
   * S/4HANA's business events about maintenance notifications, on a queue of their own
   * (subscribed in AEM to the S/4 system's topics; the mock broker provisions it with
   * `subscriptions`); none: their status comes back by polling only
   */
  notificationEvents?: { queue: string; subscriptions?: string[] }
}
