import type { AemConfig } from './aem-config'
import type { FlowFactory } from './guaranteed-messaging'
import { connectSolace, type AemCredentials } from './solace-session'

/** A connected broker: how to bind consumer flows, and how to let go of it */
export interface BrokerConnection {
  createFlow: FlowFactory
  close?: () => void
  /** for the log: what the consumer is connected to */
  name: string
}

export type BrokerConnector = (config: AemConfig) => Promise<BrokerConnection>

/**
 * Connectors by `cds.requires.aem.kind`. Production knows AEM (`solace`) only; the local mock
 * broker registers itself from the dev-only mocks plugin, so no stand-in is ever imported here.
 */
const connectors = new Map<string, BrokerConnector>([
  [
    'solace',
    async config => ({
      ...(await connectSolace(config.credentials as AemCredentials, { reconnectRetries: config.reconnectRetries ?? -1 })),
      name: 'AEM',
    }),
  ],
])

export function registerBrokerConnector(kind: string, connector: BrokerConnector) {
  connectors.set(kind, connector)
}

export function brokerConnector(kind: string): BrokerConnector {
  const connector = connectors.get(kind)
  if (!connector) throw new Error(`cds.requires.aem.kind '${kind}' is unknown: use 'solace' (the mock broker exists in development and tests only)`)
  return connector
}
