import { AsyncLocalStorage } from 'node:async_hooks'
import type { HttpMiddleware } from '@sap-cloud-sdk/http-client'
import { redactRequest } from './redact-request'

/** No answer an action needs is larger: a bigger one is refused, not buffered */
export const MAX_RESPONSE_BYTES = 1024 * 1024

/** The signal of the step whose calls run in this async context */
const currentStep = new AsyncLocalStorage<AbortSignal>()

/**
 * Runs `work` with the step's signal in its async context, so requests made anywhere below
 * it (CAP remote services included, which take no signal of their own) are cancelled when
 * the step's deadline passes.
 */
export const withStepSignal = <T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> => currentStep.run(signal, work)

/**
 * A Cloud SDK middleware that bounds the request itself: it is aborted when the current
 * step's signal fires or `timeoutMs` pass, whichever comes first, and answers beyond
 * MAX_RESPONSE_BYTES are refused. It hands the bounds on in the request config, so the CSRF
 * token fetch below it is bounded too. Unlike the SDK's resilience `timeout`, which only
 * stops waiting, the other side sees the connection close. A failure leaves with its request's
 * credentials, session and body blanked, as CAP logs it.
 */
export const boundedRequest =
  (timeoutMs: number): HttpMiddleware =>
  ({ fn }) =>
  async requestConfig => {
    const step = currentStep.getStore()
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = step ? AbortSignal.any([step, deadline]) : deadline
    try {
      return await fn({ ...requestConfig, signal, maxContentLength: MAX_RESPONSE_BYTES })
    } catch (error) {
      throw redactRequest(error)
    }
  }
