import type { ActionKindCode } from '#cds-models/e2ba'
import { StepFailure, type Executor, type StepContext } from '../../srv/actions/executor'
import { registerExecutor } from '../../srv/actions/registry'

export interface Call {
  event: string
  action: string
  attempt: number
  outputs: StepContext['outputs']
}

/**
 * A stand-in executor for the pipeline tests: records every call and fails on command,
 * transiently a number of times or permanently until told otherwise.
 */
export class ScriptedExecutor {
  readonly calls: Call[] = []
  private readonly script = new Map<string, { transient: number; permanent: boolean; delayMs: number }>()

  /** Registers for the given kinds, replacing whatever ran them before */
  registerFor(...kinds: ActionKindCode[]) {
    for (const kind of kinds) registerExecutor(kind, this.executor)
    return this
  }

  /** The next `times` main actions for events of this asset fail transiently */
  failTransientlyForAsset(assetId: string, times: number) {
    this.entry(assetId).transient = times
  }

  /** Main actions for events of this asset fail permanently, until called with false */
  failPermanentlyForAsset(assetId: string, permanent = true) {
    this.entry(assetId).permanent = permanent
  }

  /** Every step for events of this asset takes this long */
  slowDownForAsset(assetId: string, delayMs: number) {
    this.entry(assetId).delayMs = delayMs
  }

  callsFor = (eventRecord: string) => this.calls.filter(c => c.event === eventRecord)

  private entry(assetId: string) {
    let entry = this.script.get(assetId)
    if (!entry) this.script.set(assetId, (entry = { transient: 0, permanent: false, delayMs: 0 }))
    return entry
  }

  private readonly executor: Executor = async context => {
    this.calls.push({ event: context.eventRecord, action: context.action.name, attempt: context.attempt, outputs: context.outputs })
    const entry = this.script.get(context.event.data.assetId)
    if (entry?.delayMs) await new Promise(resolve => setTimeout(resolve, entry.delayMs))
    if (entry?.permanent && context.phase === 'MAIN') throw new StepFailure('the target refused the request (400)', true)
    if (entry && entry.transient > 0 && context.phase === 'MAIN') {
      entry.transient -= 1
      throw new StepFailure('the target is unavailable (503)', false)
    }
    return { output: { text: `${context.action.name} for ${context.event.data.assetName ?? context.event.data.assetId}` }, request: '{"redacted":true}', response: '{"ok":true}' }
  }
}
