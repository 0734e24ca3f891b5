import type { AnomalyEvent } from '#contract'
import type { ActionKindCode, ChainPhaseCode } from '#cds-models/e2ba'
import type { AssetMaster } from './asset-master'

/** What a step knows when it runs: the event, its action's configuration, and what earlier steps produced */
export interface StepContext {
  event: AnomalyEvent
  /** Events.ID of the stored event */
  eventRecord: string
  incident?: { ID: string; notificationNumber?: string | null } | null
  /** the event's asset as admins maintain it (its S/4 technical object), read before the step's deadline starts */
  asset?: AssetMaster

  action: ActionConfig
  phase: ChainPhaseCode
  position: number
  attempt: number
  /** outputs of the steps that succeeded before this one, by phase and position, e.g. outputs.PRE[1] */
  outputs: Partial<Record<ChainPhaseCode, Record<number, unknown>>>
  signal: AbortSignal
}

/** The configured action, as stored in e2ba.Actions */
export interface ActionConfig {
  ID: string
  name: string
  kind_code: ActionKindCode
  timeoutSeconds: number
  maxAttempts: number
  retryHorizonMinutes?: number
  commitWindowSeconds?: number
  [setting: string]: unknown
}

export interface StepResult {
  /** what later steps may use; stored as JSON */
  output?: unknown
  /** redacted excerpts for the step log */
  request?: string
  response?: string
  /**
   * What the step leaves in this app's database (e.g. the notification number on the
   * incident): written in the transaction that records the step's success, after its
   * deadline, so a busy database never cancels a call that succeeded
   */
  record?: () => PromiseLike<unknown>
}

/** Runs one kind of action. Throws StepFailure to say whether a retry can help */
export type Executor = (context: StepContext) => Promise<StepResult>

/**
 * A failed step. Permanent failures (bad configuration, a 4xx from the target) end the
 * chain at once; transient ones (timeouts, 5xx, network) are retried with backoff.
 * `outcomeUnknown` marks a write that was sent but never answered (cancelled, reset): the
 * target may still commit it, so the next attempt waits until it no longer can.
 */
export class StepFailure extends Error {
  override readonly name = 'StepFailure'
  readonly outcomeUnknown: boolean
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    super(message, options)
    this.outcomeUnknown = options?.outcomeUnknown ?? false
  }
}
