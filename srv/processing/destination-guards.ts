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

/**
 * Runs a call made outside a chain (e.g. reading a notification's status) under its
 * destination's bulkhead and breaker, as steps run: refused at once while the breaker holds
 * calls back or too many wait; a permanent failure (the request was wrong) says nothing
 * about the destination's health.
 */
export async function guarded<T>(destination: string, call: () => Promise<T>, permanent: (error: unknown) => boolean): Promise<T> {
  const { breaker, bulkhead } = guardOf(destination)
  const entry = bulkhead.enter()
  if (!entry) throw new Error(`destination ${destination}: too many calls waiting`)
  const release = await entry.turn
  try {
    const admission = breaker.admit()
    if (!admission.go) throw new Error(`destination ${destination}: circuit breaker open until ${iso(admission.retryAt)}`)
    try {
      const result = await call()
      breaker.succeeded(admission.probe)
      return result
    } catch (error) {
      if (permanent(error)) breaker.succeeded(admission.probe)
      else breaker.failed(admission.probe, (error as Error).message)
      throw error
    }
  } finally {
    release()
  }
}
