import cds from '@sap/cds'
import type { AnomalyEvent } from '#contract'
import { ActionRuns, Chains, ChainSteps, EventStatusCode, Events, LogItems, LogLevelCode, RunStatusCode } from '#cds-models/e2ba'
import { readAssetMaster, type AssetMaster } from '../actions/asset-master'
import { StepFailure, type ActionConfig, type StepContext, type StepResult } from '../actions/executor'
import { executorFor } from '../actions/registry'
import { redact } from '../lib/redact'
import { nextRetry } from './backoff'
import { destinationOf, guardOf } from './destination-guards'
import { recorded } from './group-commit'
import { ChainLease } from './lease'
import { planChain, type ChainStep } from './plan'
import { processingConfig, type ProcessingConfig } from './processing-config'

const LOG = cds.log('processing')
/** the run's action with all its settings, and its phase's order (expands, which cds-types cannot express) */
const EXPAND_ACTION_AND_PHASE = [
  { ref: ['action'], expand: ['*'] },
  { ref: ['phase'], expand: [{ ref: ['sequence'] }] },
] as unknown as string[]
const EXCERPT = 4000
/** a step's lease outlasts its deadline by this much, so that it ends before anyone else may take over */
const LEASE_MARGIN_MS = 15_000
/** a chain whose destination has too many waiting already looks again this much later, and up to as much again */
const BUSY_RETRY_MS = 2000
/** after the deadline cancelled a step, how long its executor may take to say how it ended */
const CANCEL_GRACE_MS = 1000

/** What a chain's recording meets once its instance let go of it (see ChainRunner.letGo) */
class LetGo extends Error {
  constructor() {
    super('this instance let go of its chains')
  }
}

interface Run {
  ID: string
  chain_ID: string | null
  phase_code: StepContext['phase']
  position: number
  status_code: RunStatusCode
  attempts: number
  startedAt: string | null
  firstAttemptAt: string | null
  output: string | null
  action: ActionConfig
  phase: { sequence: number }
}

interface Chain {
  event: AnomalyEvent
  incident_ID: string | null
  asset: AssetMaster | undefined
  runs: Run[]
}

/** How a run of a chain ended: finished, or handed back until `retryAt` (ms); `busy` when its destination had no room */
export interface RunOutcome {
  retryAt?: number
  busy?: boolean
}

const now = () => new Date().toISOString()
const ALL_SUCCEEDED = { status_code: EventStatusCode.DONE, statusReason: 'all actions succeeded' }
/** what is stored of a text from outside: configured credentials masked, cut to `length` */
const stored = (text: string, length: number) => redact(text).slice(0, length)
const excerpt = (text: string | undefined) => (text === undefined ? null : stored(text, EXCERPT))

/**
 * Executes an event's chain step by step: pre-actions, the main action, post-actions, in
 * their explicit order. A step that succeeded is never run again. Only the holder of the
 * event's lease runs its chain (see ChainLease). Each step passes its destination's circuit
 * breaker and bulkhead first: while the breaker is open, or too many chains wait for the
 * destination, the chain is handed back until it may go, without spending an attempt. A
 * transient failure hands the chain back until its retry is due (see nextRetry); a permanent
 * one, or the end of the retries, ends the event FAILED and skips the rest.
 */
export class ChainRunner {
  private stopping = false
  /** aborted when this instance lets go of the chains still running: their steps are cancelled, nothing more is recorded */
  private readonly lettingGo = new AbortController()
  /** chains whose lease the scheduler found lost: they stop before their next step */
  private readonly lost = new Set<string>()

  /** hears when a chain starts waiting for its destination's turn (true), and when it has one (false), waited or not */
  waiting: (eventID: string, waiting: boolean) => void = () => {}

  constructor(
    readonly lease = new ChainLease(),
    private readonly retry: ProcessingConfig['retry'] = processingConfig().retry,
  ) {}

  stop() {
    this.stopping = true
  }

  /**
   * Lets go of the chains still running, as a stopping instance does once its grace period is
   * over: their steps' calls are cancelled and nothing more is written, since the database is
   * about to disconnect (a write after that would open it anew, or meet a closed one). Their
   * leases lapse, and whoever takes such a chain next finds its step cut short, as after a crash.
   */
  letGo() {
    this.stop()
    this.lettingGo.abort()
  }

  private get gone() {
    return this.lettingGo.signal.aborted
  }

  /** Writes in the next group commit, unless this instance let go of its chains */
  private record<T>(write: () => PromiseLike<T>): Promise<T> {
    return this.gone ? Promise.reject(new LetGo()) : recorded(write)
  }

  leaseLost(eventID: string) {
    this.lost.add(eventID)
  }

  /** Runs the chain if its lease can be taken; resolves how it ended, never rejects for a step's failure */
  async run(eventID: string): Promise<RunOutcome> {
    if (this.stopping) return {}
    const chain = await this.record(async () => ((await this.lease.take(eventID)) ? this.load(eventID) : undefined))
    if (!chain) return {}
    // held anew: a loss reported for an earlier run of this chain no longer applies
    this.lost.delete(eventID)
    let handBack: number | null | 'busy'
    try {
      handBack = await this.runSteps(eventID, chain)
    } catch (error) {
      if (this.gone) return {}
      // the database failed us: let go, and whoever finds the chain due next continues
      LOG.warn(`event ${eventID}: the chain stopped and will resume:`, (error as Error).message)
      handBack = Date.now() + BUSY_RETRY_MS
    } finally {
      this.lost.delete(eventID)
    }
    if (handBack === null || this.gone) return {}
    const busy = handBack === 'busy'
    const retryAt = busy ? Date.now() + BUSY_RETRY_MS * (1 + Math.random()) : (handBack as number)
    await this.record(() => this.lease.release(eventID, new Date(retryAt).toISOString())).catch((error: unknown) =>
      LOG.warn(`event ${eventID}: letting go of the lease failed, it lapses instead:`, (error as Error).message),
    )
    return { retryAt, ...(busy && { busy }) }
  }

  /** Runs steps until the chain ends (null) or is handed back until a time (ms), or because its destination is busy */
  private async runSteps(eventID: string, chain: Chain | 'unreadable'): Promise<number | null | 'busy'> {
    if (chain === 'unreadable') {
      await this.abandon(eventID, `the stored payload of event ${eventID} is not JSON`)
      return null
    }
    for (;;) {
      if (this.stopping) return Date.now()
      if (this.lost.has(eventID)) return null
      const next = chain.runs.find(r => r.status_code === RunStatusCode.PENDING || r.status_code === RunStatusCode.RUNNING)
      if (!next) {
        await this.record(() => this.lease.release(eventID, null, ALL_SUCCEEDED))
        return null
      }
      if (next.status_code === RunStatusCode.RUNNING) {
        const settled = await this.interrupted(next)
        if (settled > Date.now()) return settled
      }
      const result = await this.step(eventID, chain, next)
      if (result === 'planned') {
        const reloaded = await this.record(() => this.load(eventID))
        if (!reloaded || reloaded === 'unreadable') return null
        chain = reloaded
      } else if (result !== 'next') return result
    }
  }

  private async load(eventID: string): Promise<Chain | 'unreadable' | undefined> {
    const event = await SELECT.one.from(Events, eventID).columns('status_code', 'payload', 'incident_ID')
    if (event?.status_code !== EventStatusCode.PROCESSING) return undefined
    const runs = (await SELECT.from(ActionRuns)
      .columns('ID', 'chain_ID', 'phase_code', 'position', 'status_code', 'attempts', 'startedAt', 'firstAttemptAt', 'output', ...EXPAND_ACTION_AND_PHASE)
      .where({ event_ID: eventID })) as unknown as Run[]
    runs.sort((a, b) => a.phase.sequence - b.phase.sequence || a.position - b.position)
    let parsed: AnomalyEvent
    try {
      parsed = JSON.parse(event.payload ?? '') as AnomalyEvent
    } catch {
      return 'unreadable'
    }
    return { event: parsed, incident_ID: event.incident_ID ?? null, asset: await readAssetMaster(parsed.data.assetId), runs }
  }

  /**
   * One attempt at a step, if its destination lets it go now.
   * @returns 'next' to go on, 'planned' when a decision added steps, null when the chain ended,
   *   the time (ms) until which the chain is handed back, or 'busy' when too many wait for its destination
   */
  private async step(eventID: string, chain: Chain, run: Run): Promise<'next' | 'planned' | 'busy' | number | null> {
    const { action } = run
    const { breaker, bulkhead } = guardOf(destinationOf(action))
    // held back now: no need to queue for a turn
    const held = breaker.holdsUntil()
    if (held !== undefined) return this.wait(run, held)
    const entry = bulkhead.enter()
    if (!entry) return 'busy'
    // waiting for a turn takes no place among the chains that run (see ChainScheduler)
    if (entry.queued) this.waiting(eventID, true)
    const leave = await entry.turn
    this.waiting(eventID, false)
    try {
      if (this.stopping || this.lost.has(eventID)) return this.stopping ? Date.now() : null
      // asked again after the wait for a turn: the breaker may have opened meanwhile
      const admission = breaker.admit()
      if (!admission.go) return await this.wait(run, admission.retryAt)
      try {
        return await this.attempt(eventID, chain, run, admission.probe, leave)
      } catch (error) {
        // recording failed, not the call: the probe says nothing
        breaker.abandoned(admission.probe)
        throw error
      }
    } finally {
      leave()
    }
  }

  /** One call of the step's executor; `leave` gives the destination's turn back as soon as the call is over */
  private async attempt(eventID: string, chain: Chain, run: Run, probe: boolean, leave: () => void): Promise<'next' | 'planned' | number | null> {
    const { action } = run
    const { breaker } = guardOf(destinationOf(action))
    const attempt = run.attempts + 1
    const startedAt = now()
    run.firstAttemptAt ??= startedAt
    const timeoutMs = action.timeoutSeconds * 1000
    await this.record(async () => {
      await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.RUNNING, attempts: attempt, startedAt, firstAttemptAt: run.firstAttemptAt, nextRetryAt: null })
      if (timeoutMs + LEASE_MARGIN_MS > this.lease.renewEveryMs * 3) await this.lease.extend(eventID, timeoutMs + LEASE_MARGIN_MS)
    })
    run.attempts = attempt
    const started = Date.now()
    let result: StepResult
    try {
      result = await this.execute(eventID, chain, run, attempt)
    } catch (error) {
      leave()
      // cancelled because this instance let go: that says nothing about the destination
      if (this.gone) throw error
      const failure = error instanceof StepFailure ? error : new StepFailure((error as Error).message, false, { cause: error })
      if (failure.permanent) breaker.succeeded(probe)
      else breaker.failed(probe, failure.message)
      return this.failedAttempt(eventID, run, attempt, failure)
    }
    leave()
    breaker.succeeded(probe)
    const last = !chain.runs.some(r => r !== run && (r.status_code === RunStatusCode.PENDING || r.status_code === RunStatusCode.RUNNING))
    const planned = await this.record(() => this.succeeded(eventID, run, attempt, result, Date.now() - started, last))
    run.status_code = RunStatusCode.SUCCEEDED
    run.output = result.output === undefined ? null : redact(JSON.stringify(result.output))
    if (planned) return 'planned'
    return last ? null : 'next'
  }

  private async failedAttempt(eventID: string, run: Run, attempt: number, failure: StepFailure): Promise<number | null> {
    const decision = failure.permanent
      ? ({ giveUp: true, reason: 'permanently' } as const)
      : nextRetry(run.action, attempt, new Date(run.firstAttemptAt ?? now()), failure.outcomeUnknown, this.retry)
    if (decision.giveUp) {
      await this.record(() => this.failed(eventID, run, attempt, failure, decision.reason))
      LOG.warn(`event ${eventID}: step "${run.action.name}" failed for good:`, failure.message)
      return null
    }
    const due = decision.at.toISOString()
    await this.record(() => this.willRetry(run, attempt, failure, due))
    run.status_code = RunStatusCode.PENDING
    return decision.at.getTime()
  }

  /**
   * A step found RUNNING was cut short by a process that died: what it sent may still
   * commit, so it goes again (and looks up what it created) only once its deadline and the
   * action's commit window have passed since it started.
   * @returns when that is (ms)
   */
  private async interrupted(run: Run) {
    const settled = Date.parse(run.startedAt ?? now()) + (run.action.timeoutSeconds + (run.action.commitWindowSeconds ?? 0)) * 1000
    run.status_code = RunStatusCode.PENDING
    await this.record(async () => {
      await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.PENDING, nextRetryAt: settled > Date.now() ? new Date(settled).toISOString() : null })
      await log(run, run.attempts, LogLevelCode.WARN, `attempt ${run.attempts} was cut short by a stopped instance; it may still commit, so the next attempt waits until it no longer can`)
    })
    return settled
  }

  /** Hands the chain back until its destination may be called again; no attempt is spent */
  private async wait(run: Run, until: number) {
    await this.record(() => UPDATE(ActionRuns, run.ID).with({ nextRetryAt: new Date(until).toISOString() }))
    return until
  }

  private async execute(eventID: string, chain: Chain, run: Run, attempt: number): Promise<StepResult> {
    if (this.gone) throw new LetGo()
    const executor = executorFor(run.action.kind_code)
    if (!executor) throw new StepFailure(`no executor is registered for actions of kind ${run.action.kind_code}`, true)
    const outputs: StepContext['outputs'] = {}
    for (const done of chain.runs.filter(r => r.status_code === RunStatusCode.SUCCEEDED)) {
      ;(outputs[done.phase_code] ??= {})[done.position] = done.output === null ? null : JSON.parse(done.output)
    }
    const controller = new AbortController()
    const letGo = () => controller.abort()
    this.lettingGo.signal.addEventListener('abort', letGo, { once: true })
    const context: StepContext = {
      event: chain.event,
      eventRecord: eventID,
      incident: chain.incident_ID ? { ID: chain.incident_ID } : null,
      asset: chain.asset,
      action: run.action,
      phase: run.phase_code,
      position: run.position,
      attempt,
      outputs,
      signal: controller.signal,
    }
    const work = executor(context)
    let timer: NodeJS.Timeout | undefined
    // let go of: the chain ends at once, even with an executor that ignores the signal
    const gone = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => {
        if (this.gone) reject(new LetGo())
      })
    })
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        // the cancelled executor says best how it ended (e.g. a write whose outcome is unknown);
        // one that ignores the signal is left behind, and anything it wrote may yet commit
        const late = new StepFailure(`no answer within ${run.action.timeoutSeconds} s`, false, { outcomeUnknown: true })
        const grace = setTimeout(() => reject(late), CANCEL_GRACE_MS)
        work.then(
          () => reject(late),
          (error: unknown) => reject(error instanceof StepFailure ? error : late),
        ).finally(() => clearTimeout(grace))
      }, run.action.timeoutSeconds * 1000)
    })
    try {
      return await Promise.race([work, expired, gone])
    } finally {
      clearTimeout(timer)
      this.lettingGo.signal.removeEventListener('abort', letGo)
    }
  }

  /** @returns whether a decision planned more steps */
  private async succeeded(eventID: string, run: Run, attempt: number, result: StepResult, millis: number, last: boolean) {
    await UPDATE(ActionRuns, run.ID).with({
      status_code: RunStatusCode.SUCCEEDED,
      finishedAt: now(),
      output: result.output === undefined ? null : redact(JSON.stringify(result.output)),
      requestExcerpt: excerpt(result.request),
      responseExcerpt: excerpt(result.response),
      error: null,
    })
    await result.record?.()
    await log(run, attempt, LogLevelCode.INFO, `"${run.action.name}" succeeded in ${millis} ms`)
    if (run.chain_ID === null) return this.planDecidedChain(eventID, run, result)
    if (last) await this.lease.release(eventID, null, ALL_SUCCEEDED)
    return false
  }

  /** A decision step names the chain to run; its steps join the event's run */
  private async planDecidedChain(eventID: string, run: Run, result: StepResult) {
    const name = (result.output as { chain?: unknown } | undefined)?.chain
    const chain = typeof name === 'string' ? await SELECT.one.from(Chains).columns('ID').where({ name }) : undefined
    if (!chain) throw new StepFailure(`the decision named no known chain (${JSON.stringify(name ?? null)})`, true)
    const steps = (await SELECT.from(ChainSteps).where({ chain_ID: chain.ID })) as unknown as ChainStep[]
    await INSERT.into(ActionRuns).entries(planChain(eventID, steps))
    await log(run, 0, LogLevelCode.INFO, `decision chose chain "${name as string}"`)
    return true
  }

  private async willRetry(run: Run, attempt: number, failure: StepFailure, due: string) {
    await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.PENDING, error: stored(failure.message, 2000), nextRetryAt: due })
    const unknown = failure.outcomeUnknown ? ' (its outcome is unknown: the retry first waits until it can no longer commit, then looks it up)' : ''
    await log(run, attempt, LogLevelCode.WARN, `attempt ${attempt} failed${unknown}, will retry at ${due}: ${failure.message}`)
  }

  private async failed(eventID: string, run: Run, attempt: number, failure: StepFailure, reason: string) {
    await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.FAILED, error: stored(failure.message, 2000), finishedAt: now() })
    await UPDATE(ActionRuns)
      .where({ event_ID: eventID, status_code: RunStatusCode.PENDING })
      .with({ status_code: RunStatusCode.SKIPPED })
    await this.lease.release(eventID, null, { status_code: EventStatusCode.FAILED, statusReason: stored(`"${run.action.name}" failed: ${failure.message}`, 1000) })
    await log(run, attempt, LogLevelCode.ERROR, `attempt ${attempt} failed ${reason}: ${failure.message}`)
  }

  /**
   * A chain that cannot run at all (its stored payload is unreadable) ends FAILED with the
   * reason, so an admin sees it, instead of staying PROCESSING for ever.
   */
  private async abandon(eventID: string, reason: string) {
    await this.record(async () => {
      const unfinished = { event_ID: eventID, status_code: { in: [RunStatusCode.PENDING, RunStatusCode.RUNNING] } }
      const tried = await SELECT.from(ActionRuns).columns('ID', 'attempts').where({ ...unfinished, attempts: { '>': 0 } })
      for (const run of tried) {
        await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.FAILED, finishedAt: now() })
        await INSERT.into(LogItems).entries({ run_ID: run.ID, attempt: run.attempts, level_code: LogLevelCode.ERROR, message: `processing gave up: ${reason}`.slice(0, 1000), loggedAt: now() })
      }
      await UPDATE(ActionRuns).where(unfinished).with({ status_code: RunStatusCode.SKIPPED })
      await this.lease.release(eventID, null, { status_code: EventStatusCode.FAILED, statusReason: `processing gave up: ${reason}`.slice(0, 1000) })
    })
    LOG.error(`event ${eventID}: processing gave up, the event is FAILED:`, reason)
  }
}

const log = (run: Run, attempt: number, level: LogLevelCode, message: string) =>
  INSERT.into(LogItems).entries({ run_ID: run.ID, attempt, level_code: level, message: stored(message, 1000), loggedAt: now() })
