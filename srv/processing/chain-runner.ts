import cds from '@sap/cds'
import type { AnomalyEvent } from '#contract'
import { ActionRuns, Chains, ChainSteps, EventStatusCode, Events, LogItems, LogLevelCode, RunStatusCode } from '#cds-models/e2ba'
import { StepFailure, type ActionConfig, type StepContext, type StepResult } from '../actions/executor'
import { executorFor } from '../actions/registry'
import { inOwnTransaction } from '../lib/own-transaction'
import { ChainLease } from './lease'
import { planChain, type ChainStep } from './plan'

const LOG = cds.log('processing')
/** the run's action with all its settings, and its phase's order (expands, which cds-types cannot express) */
const EXPAND_ACTION_AND_PHASE = [
  { ref: ['action'], expand: ['*'] },
  { ref: ['phase'], expand: [{ ref: ['sequence'] }] },
] as unknown as string[]
const EXCERPT = 4000

interface Run {
  ID: string
  chain_ID: string | null
  phase_code: StepContext['phase']
  position: number
  status_code: RunStatusCode
  attempts: number
  output: string | null
  action: ActionConfig
  phase: { sequence: number }
}

const now = () => new Date().toISOString()
/** The persistent queue retries after (1.5^attempt − 1) s; shown on the run as its next retry */
const retryAt = (attempt: number) => new Date(Date.now() + (1.5 ** attempt - 1) * 1000).toISOString()
const excerpt = (text: string | undefined) => (text === undefined ? null : text.slice(0, EXCERPT))

/** A transient failure, with the time its retry is due */
type RetryLater = StepFailure & { retryAt?: string }

/** Chains resumed per sweep: the rest follow at the next one */
const SWEEP_BATCH = 50

/**
 * Executes an event's chain step by step: pre-actions, the main action, post-actions, in
 * their explicit order. A step that succeeded is never run again. A transient failure is
 * recorded and rethrown, so the persistent queue retries the chain later with backoff; a
 * permanent failure, or the last allowed attempt, ends the event FAILED and skips the rest.
 * Only the holder of the event's lease runs its chain (see ChainLease); a sweep resumes
 * chains whose lease lapsed, because their instance died or their retry is due.
 */
export class ChainRunner {
  private stopping = false
  private readonly running = new Set<Promise<void>>()
  private sweeper: NodeJS.Timeout | undefined
  private sweeping = false

  constructor(private readonly lease = new ChainLease()) {}

  /** Looks for lapsed chains now and every `everyMs` */
  startSweeping(everyMs: number) {
    void this.sweep()
    this.sweeper = setInterval(() => void this.sweep(), everyMs).unref()
  }

  private async sweep() {
    if (this.sweeping || this.stopping) return
    this.sweeping = true
    try {
      for (const eventID of await this.lease.lapsed(SWEEP_BATCH)) {
        // each runs on its own; a transient failure already set when it is due again
        this.run(eventID).catch((error: unknown) => LOG.debug(`event ${eventID}: resumed chain stopped:`, (error as Error).message))
      }
    } catch (error) {
      LOG.warn('looking for chains to resume failed:', error)
    } finally {
      this.sweeping = false
    }
  }

  /** Runs the chain; tracked, so a stopping server can let the current step finish */
  run(eventID: string): Promise<void> {
    const run = this.runSteps(eventID).finally(() => this.running.delete(run))
    this.running.add(run)
    return run
  }

  /**
   * Lets the steps in progress finish and starts no new one: a chain cut short this way
   * throws, so the persistent queue keeps it and it resumes at the next start.
   */
  async stop(graceMs = 10_000) {
    this.stopping = true
    clearInterval(this.sweeper)
    await Promise.race([Promise.allSettled([...this.running]), new Promise(resolve => setTimeout(resolve, graceMs).unref())])
  }

  /**
   * The persistent queue gave up on the chain (its attempts ran out, or an error it does not
   * retry): the event ends FAILED with the reason, so an admin can reprocess it, instead of
   * staying PROCESSING for ever. The step that was being tried fails with the reason in its
   * log; the steps after it are skipped.
   */
  async abandon(eventID: string, reason: string) {
    const changed = await inOwnTransaction(async () => {
      const updated = (await UPDATE(Events)
        .where({ ID: eventID, status_code: EventStatusCode.PROCESSING })
        .with({ status_code: EventStatusCode.FAILED, statusReason: `processing gave up: ${reason}`.slice(0, 1000) })) as number
      if (!updated) return false
      const unfinished = { event_ID: eventID, status_code: { in: [RunStatusCode.PENDING, RunStatusCode.RUNNING] } }
      const tried = await SELECT.from(ActionRuns).columns('ID', 'attempts').where({ ...unfinished, attempts: { '>': 0 } })
      for (const run of tried) {
        await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.FAILED, finishedAt: now() })
        await INSERT.into(LogItems).entries({ run_ID: run.ID, attempt: run.attempts, level_code: LogLevelCode.ERROR, message: `processing gave up: ${reason}`.slice(0, 1000), loggedAt: now() })
      }
      await UPDATE(ActionRuns).where(unfinished).with({ status_code: RunStatusCode.SKIPPED })
      return true
    })
    if (changed) LOG.error(`event ${eventID}: processing gave up, the event is FAILED:`, reason)
  }

  /** read anew each time: a stop can come while a step awaits */
  private isStopping() {
    return this.stopping
  }

  private async runSteps(eventID: string) {
    if (this.stopping) throw new StepFailure('the server is stopping; the chain resumes at the next start', false)
    // finished already, or another instance runs it
    if (!(await this.lease.take(eventID))) return
    const lease = { lost: false }
    const renewal = setInterval(() => {
      this.lease.renew(eventID).then(
        held => {
          lease.lost ||= !held
        },
        (error: unknown) => LOG.warn(`event ${eventID}: renewing the lease failed:`, (error as Error).message),
      )
    }, this.lease.renewEveryMs)
    try {
      for (;;) {
        if (this.isStopping()) throw new StepFailure('the server is stopping; the chain resumes at the next start', false)
        if (lease.lost) throw new StepFailure('the lease on the chain lapsed; whoever holds it now continues', false)
        const state = await inOwnTransaction(() => this.load(eventID))
        if (state?.status !== EventStatusCode.PROCESSING) break
        const next = state.runs.find(r => r.status_code === RunStatusCode.PENDING || r.status_code === RunStatusCode.RUNNING)
        if (!next) {
          await inOwnTransaction(() => UPDATE(Events, eventID).with({ status_code: EventStatusCode.DONE, statusReason: 'all actions succeeded' }))
          break
        }
        await this.step(eventID, state, next)
      }
      await this.lease.release(eventID)
    } catch (error) {
      // let go: at once after a stop, or when the retry is due
      await this.lease.release(eventID, (error as RetryLater).retryAt ?? null)
      throw error
    } finally {
      clearInterval(renewal)
    }
  }

  private async load(eventID: string) {
    const event = await SELECT.one.from(Events, eventID).columns('status_code', 'payload', 'incident_ID')
    if (!event) return undefined
    const runs = (await SELECT.from(ActionRuns)
      .columns('ID', 'chain_ID', 'phase_code', 'position', 'status_code', 'attempts', 'output', ...EXPAND_ACTION_AND_PHASE)
      .where({ event_ID: eventID })) as unknown as Run[]
    runs.sort((a, b) => a.phase.sequence - b.phase.sequence || a.position - b.position)
    return { status: event.status_code, event: storedEvent(eventID, event.payload), incident_ID: event.incident_ID, runs }
  }

  private async step(eventID: string, state: NonNullable<Awaited<ReturnType<ChainRunner['load']>>>, run: Run) {
    const attempt = run.attempts + 1
    const { action } = run
    await inOwnTransaction(async () => {
      await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.RUNNING, attempts: attempt, startedAt: now(), nextRetryAt: null })
    })
    const started = Date.now()
    try {
      const result = await this.execute(eventID, state, run, attempt)
      await inOwnTransaction(() => this.succeeded(eventID, run, attempt, result, Date.now() - started))
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure((error as Error).message, false, { cause: error })
      const final = failure.permanent || attempt >= action.maxAttempts
      const due = retryAt(attempt)
      await inOwnTransaction(() => (final ? this.failed(eventID, run, attempt, failure) : this.willRetry(run, attempt, failure, due)))
      if (!final) throw Object.assign(failure, { retryAt: due }) as RetryLater
      LOG.warn(`event ${eventID}: step "${action.name}" failed for good:`, failure.message)
    }
  }

  private async execute(eventID: string, state: { event: AnomalyEvent; incident_ID?: string | null; runs: Run[] }, run: Run, attempt: number): Promise<StepResult> {
    const executor = executorFor(run.action.kind_code)
    if (!executor) throw new StepFailure(`no executor is registered for actions of kind ${run.action.kind_code}`, true)
    const outputs: StepContext['outputs'] = {}
    for (const done of state.runs.filter(r => r.status_code === RunStatusCode.SUCCEEDED)) {
      ;(outputs[done.phase_code] ??= {})[done.position] = done.output === null ? null : JSON.parse(done.output)
    }
    const controller = new AbortController()
    const timeout = run.action.timeoutSeconds * 1000
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(new StepFailure(`no answer within ${run.action.timeoutSeconds} s`, false))
      }, timeout)
    })
    const context: StepContext = {
      event: state.event,
      eventRecord: eventID,
      incident: state.incident_ID ? { ID: state.incident_ID } : null,
      action: run.action,
      phase: run.phase_code,
      position: run.position,
      attempt,
      outputs,
      signal: controller.signal,
    }
    try {
      return await Promise.race([executor(context), expired])
    } finally {
      clearTimeout(timer)
    }
  }

  private async succeeded(eventID: string, run: Run, attempt: number, result: StepResult, millis: number) {
    await UPDATE(ActionRuns, run.ID).with({
      status_code: RunStatusCode.SUCCEEDED,
      finishedAt: now(),
      output: result.output === undefined ? null : JSON.stringify(result.output),
      requestExcerpt: excerpt(result.request),
      responseExcerpt: excerpt(result.response),
      error: null,
    })
    await log(run, attempt, LogLevelCode.INFO, `"${run.action.name}" succeeded in ${millis} ms`)
    if (run.chain_ID === null) await this.planDecidedChain(eventID, run, result)
  }

  /** A decision step names the chain to run; its steps join the event's run */
  private async planDecidedChain(eventID: string, run: Run, result: StepResult) {
    const name = (result.output as { chain?: unknown } | undefined)?.chain
    const chain = typeof name === 'string' ? await SELECT.one.from(Chains).columns('ID').where({ name }) : undefined
    if (!chain) throw new StepFailure(`the decision named no known chain (${JSON.stringify(name ?? null)})`, true)
    const steps = (await SELECT.from(ChainSteps).where({ chain_ID: chain.ID })) as unknown as ChainStep[]
    await INSERT.into(ActionRuns).entries(planChain(eventID, steps))
    await log(run, 0, LogLevelCode.INFO, `decision chose chain "${name as string}"`)
  }

  private async willRetry(run: Run, attempt: number, failure: StepFailure, due: string) {
    await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.PENDING, error: failure.message.slice(0, 2000), nextRetryAt: due })
    await log(run, attempt, LogLevelCode.WARN, `attempt ${attempt} of ${run.action.maxAttempts} failed, will retry: ${failure.message}`)
  }

  private async failed(eventID: string, run: Run, attempt: number, failure: StepFailure) {
    await UPDATE(ActionRuns, run.ID).with({ status_code: RunStatusCode.FAILED, error: failure.message.slice(0, 2000), finishedAt: now() })
    await UPDATE(ActionRuns)
      .where({ event_ID: eventID, status_code: RunStatusCode.PENDING })
      .with({ status_code: RunStatusCode.SKIPPED })
    await UPDATE(Events, eventID).with({
      status_code: EventStatusCode.FAILED,
      statusReason: `"${run.action.name}" failed: ${failure.message}`.slice(0, 1000),
    })
    await log(run, attempt, LogLevelCode.ERROR, `attempt ${attempt} failed${failure.permanent ? ' permanently' : ', no attempts left'}: ${failure.message}`)
  }
}

/**
 * The event as intake stored it. A payload that cannot be read will not become readable by
 * retrying: the error is marked unrecoverable, so the queue gives up at once (see abandon).
 */
function storedEvent(eventID: string, payload: string | null | undefined): AnomalyEvent {
  try {
    return JSON.parse(payload ?? '') as AnomalyEvent
  } catch (error) {
    throw Object.assign(new Error(`the stored payload of event ${eventID} is not JSON`, { cause: error }), { unrecoverable: true })
  }
}

const log = (run: Run, attempt: number, level: LogLevelCode, message: string) =>
  INSERT.into(LogItems).entries({ run_ID: run.ID, attempt, level_code: level, message: message.slice(0, 1000), loggedAt: now() })
