import type { ActionConfig } from '../actions/executor'
import type { ProcessingConfig } from './processing-config'

/** What an action's retry settings say after a transient failure */
export type RetryDecision = { giveUp: true; reason: string } | { giveUp: false; at: Date }

/**
 * Exponential backoff with jitter: the n-th retry waits base·2ⁿ⁻¹ (at most maxDelay), of
 * which a random half, so that chains failed together do not return together. An action
 * gives up when its attempts run out or its retry horizon (counted from the first attempt)
 * has passed. A write whose outcome is unknown is retried no sooner than its commit window:
 * by then the target has committed it or never will, and the retry's lookup sees which.
 */
export function nextRetry(
  action: Pick<ActionConfig, 'maxAttempts' | 'retryHorizonMinutes' | 'commitWindowSeconds'>,
  attempt: number,
  firstAttemptAt: Date,
  outcomeUnknown: boolean,
  retry: ProcessingConfig['retry'],
  now = Date.now(),
  random = Math.random,
): RetryDecision {
  if (attempt >= action.maxAttempts) return { giveUp: true, reason: `no attempts left (${action.maxAttempts})` }
  const horizonMinutes = action.retryHorizonMinutes ?? 60
  if (now - firstAttemptAt.getTime() >= horizonMinutes * 60_000) return { giveUp: true, reason: `retry horizon of ${horizonMinutes} min passed` }
  let delay = backoffDelay(attempt, retry, random)
  if (outcomeUnknown) delay = Math.max(delay, (action.commitWindowSeconds ?? 0) * 1000)
  return { giveUp: false, at: new Date(now + delay) }
}

/** The n-th retry's delay in ms: base·2ⁿ⁻¹ (at most maxDelay), of which a random half */
export function backoffDelay(attempt: number, retry: { baseSeconds: number; maxDelaySeconds: number }, random = Math.random) {
  const ceiling = Math.min(retry.maxDelaySeconds, retry.baseSeconds * 2 ** Math.min(attempt - 1, 30)) * 1000
  return ceiling / 2 + (random() * ceiling) / 2
}
