import { StepFailure } from './executor'
import { MAX_RESPONSE_BYTES } from './request-bounds'

/** Statuses that a retry can cure; any other 4xx means the request itself is wrong */
const RETRYABLE = new Set([408, 425, 429])
/** Network errors that prove the request never reached the other side */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

interface FailedResponse {
  status?: number
  data?: unknown
  headers?: Record<string, unknown>
}

/**
 * The error and what it wraps, outermost first: the Cloud SDK nests the axios error in
 * `cause`, CAP's remote services keep it (sanitised) in `reason`
 */
function causes(error: unknown) {
  const chain: unknown[] = []
  for (let cause = error; cause && chain.length < 8; ) {
    chain.push(cause)
    const { cause: next, reason } = cause as { cause?: unknown; reason?: unknown }
    cause = next ?? reason
  }
  return chain
}

/** The HTTP status and body of a failed call, wherever it was nested (CAP names the body `body`) */
export function failedResponse(error: unknown): FailedResponse {
  for (const cause of causes(error)) {
    const response = (cause as { response?: FailedResponse & { body?: unknown } }).response
    if (response?.status) return { status: response.status, data: response.data ?? response.body, headers: response.headers }
  }
  return {}
}

const messagesOf = (error: unknown) => causes(error).map(cause => (cause as { message?: unknown }).message).filter(m => typeof m === 'string')
const codesOf = (error: unknown) => causes(error).map(cause => (cause as { code?: unknown }).code)

export interface CallFailureOptions {
  /** the step's signal: aborted means the deadline cancelled the call */
  signal: AbortSignal
  /** the call writes: without an answer its outcome is unknown */
  write?: boolean
}

/**
 * The StepFailure of a failed outbound call: permanent for 4xx answers (but 408, 425 and
 * 429), oversized answers and missing destinations; transient for 5xx, network errors and
 * cancellation. A write that got no status back may still commit on the other side, so it
 * is marked `outcomeUnknown` unless the request provably never left.
 */
export function callFailure(error: unknown, call: string, { signal, write = false }: CallFailureOptions): StepFailure {
  if (error instanceof StepFailure) return error
  const { status, data } = failedResponse(error)
  if (status) {
    const detail = data === undefined ? '' : `: ${excerpt(data, 300)}`
    return new StepFailure(`${call} answered ${status}${detail}`, status < 500 && !RETRYABLE.has(status), { cause: error })
  }
  const messages = messagesOf(error)
  const outcomeUnknown = write && !codesOf(error).some(code => typeof code === 'string' && NEVER_SENT.has(code))
  if (signal.aborted) return new StepFailure(`${call} was cancelled: the step's deadline passed`, false, { cause: error, outcomeUnknown })
  if (messages.some(message => /maxContentLength/.test(message))) {
    return new StepFailure(`${call} answered with more than ${MAX_RESPONSE_BYTES} bytes`, true, { cause: error, outcomeUnknown })
  }
  // a destination (or its binding) that cannot be found is configuration, not a passing outage
  const permanent = messages.some(message => /could not find|not found|no destination/i.test(message))
  return new StepFailure(`${call} failed: ${[...new Set(messages)].join(': ')}`, permanent, { cause: error, outcomeUnknown: outcomeUnknown && !permanent })
}

/** A short, single-line rendering of a body for the step log */
export const excerpt = (data: unknown, length = 1000) => (typeof data === 'string' ? data : (JSON.stringify(data) as string | undefined) ?? '').slice(0, length)
