import cds from '@sap/cds'
import { BreakerStateCode, DestinationBreakers } from '#cds-models/e2ba'
import type { ActionConfig } from '../actions/executor'
import { instanceName } from '../lib/instance'
import { inOwnTransaction } from '../lib/own-transaction'
import { Bulkhead } from './bulkhead'
import { CircuitBreaker, type BreakerSnapshot } from './circuit-breaker'
import { destinationLimits } from './processing-config'

const LOG = cds.log('processing')

export interface DestinationGuard {
  bulkhead: Bulkhead
  breaker: CircuitBreaker
}

const guards = new Map<string, DestinationGuard>()

/** What a step calls: its BTP destination, or for actions bound otherwise (AI Core) their kind */
export const destinationOf = (action: ActionConfig) =>
  typeof action.destination === 'string' && action.destination ? action.destination : `(${action.kind_code})`

/** The bulkhead and circuit breaker of a destination, one each per instance */
export function guardOf(destination: string): DestinationGuard {
  let guard = guards.get(destination)
  if (!guard) {
    const limits = destinationLimits(destination)
    guard = { bulkhead: new Bulkhead(limits.concurrency, limits.maxWaiting), breaker: new CircuitBreaker(destination, limits, show) }
    guards.set(destination, guard)
  }
  return guard
}

const iso = (millis: number | null) => (millis === null ? null : new Date(millis).toISOString())

/** Records a breaker's change for the monitor; a failure to record it changes nothing else */
function show(snapshot: BreakerSnapshot) {
  const log = snapshot.state === BreakerStateCode.CLOSED ? LOG.info : LOG.warn
  log(`destination ${snapshot.destination}: circuit breaker ${snapshot.state}`, snapshot.lastError ? `(last error: ${snapshot.lastError})` : '')
  void inOwnTransaction(() =>
    UPSERT.into(DestinationBreakers).entries({
      destination: snapshot.destination,
      instance: instanceName(),
      state_code: snapshot.state,
      consecutiveFailures: snapshot.consecutiveFailures,
      openedAt: iso(snapshot.openedAt),
      nextProbeAt: iso(snapshot.nextProbeAt),
      lastError: snapshot.lastError,
      changedAt: new Date().toISOString(),
    }),
  ).catch((error: unknown) => LOG.warn(`recording the breaker of ${snapshot.destination} failed:`, (error as Error).message))
}
