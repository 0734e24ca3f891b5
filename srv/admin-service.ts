import cds from '@sap/cds'
import { Actions, Chains, Rules, SampleEvents, dryRun as dryRunAction } from '#cds-models/AdminService'
import { TemplateError, validateJsonTemplate, validatePathTemplate } from './actions/template'
import { EventParser } from './intake/parse-event'
import { InvalidEvent } from './intake/invalid-event'
import { uniqueViolation } from './lib/db-errors'
import { dryRun, type DryRunResult } from './processing/dry-run'

/** a step's request in the message shown to the admin (messages travel in a response header); the full payload is in the result */
const MESSAGE_REQUEST_CHARS = 400

/**
 * Configuration of the decision table. Field and cross-field rules live in the model
 * (db/constraints.cds); this class guards what the model cannot: references between rows.
 */
export default class AdminService extends cds.ApplicationService {
  override async init() {
    this.before(['CREATE', 'UPDATE'], Actions, req => {
      checkTemplates(req)
    })
    this.before('DELETE', Actions, req => this.rejectIfActionInUse(req))
    this.before('DELETE', Chains, req => this.rejectIfChainInUse(req))
    const parser = EventParser.forModel()
    this.on(dryRunAction, req => this.answerDryRun(req, parser))
    this.on('error', error => {
      explainUniqueViolation(error)
    })
    return super.init()
  }

  /** The decision and each step's request, returned and also shown as messages (Fiori elements displays those) */
  private async answerDryRun(req: cds.Request, parser: EventParser): Promise<DryRunResult> {
    const { event, sample } = req.data as { event?: string | null; sample?: string | null }
    let body = event?.trim()
    if (!body && sample) {
      const picked = await SELECT.one.from(SampleEvents).columns('payload').where({ ID: sample })
      if (!picked?.payload) throw req.reject({ status: 404, message: 'DRY_RUN_UNKNOWN_EVENT', args: [sample], target: 'sample' })
      body = picked.payload
    }
    if (!body) throw req.reject({ status: 400, message: 'DRY_RUN_NO_EVENT', target: 'event' })
    let parsed
    try {
      parsed = parser.parse(body)
    } catch (error) {
      if (!(error instanceof InvalidEvent)) throw error
      throw req.reject({ status: 400, message: 'DRY_RUN_INVALID_EVENT', args: [error.message], target: 'event' })
    }
    const result = await dryRun(parsed)
    req.info({ message: 'DRY_RUN_DECISION', args: [result.decision] })
    for (const step of result.steps) {
      const what = step.request ?? step.note ?? ''
      const text = what.length > MESSAGE_REQUEST_CHARS ? `${what.slice(0, MESSAGE_REQUEST_CHARS)}…` : what
      req.info({ message: 'DRY_RUN_STEP', args: [step.phase, step.position, step.action, [step.method, step.destination, step.path].filter(Boolean).join(' '), text] })
    }
    return result
  }

  /** A rule or chain pointing at a deleted action would fail at run time, far from the cause. */
  private async rejectIfActionInUse(req: cds.Request) {
    const { ID } = req.data as { ID: string }
    const chain = await SELECT.one.from(Chains).columns('name').where`exists steps[action.ID = ${ID}]`
    if (chain) throw req.reject({ status: 409, message: 'ACTION_USED_BY_CHAIN', args: [chain.name] })
    const rule = await SELECT.one.from(Rules).columns('name').where({ decisionAction_ID: ID })
    if (rule) throw req.reject({ status: 409, message: 'ACTION_USED_BY_RULE', args: [rule.name] })
  }

  private async rejectIfChainInUse(req: cds.Request) {
    const { ID } = req.data as { ID: string }
    const rule = await SELECT.one.from(Rules).columns('name').where({ chain_ID: ID })
    if (rule) throw req.reject({ status: 409, message: 'CHAIN_USED_BY_RULE', args: [rule.name] })
  }
}

/** Templates are checked when saved: 400 at the field, naming line and column, never a failure at run time */
function checkTemplates(req: cds.Request) {
  const { payloadTemplate, path } = req.data as { payloadTemplate?: string | null; path?: string | null }
  const checks: [string, string | null | undefined, (template: string) => void][] = [
    ['payloadTemplate', payloadTemplate, validateJsonTemplate],
    ['path', path, validatePathTemplate],
  ]
  for (const [field, template, validate] of checks) {
    if (!template) continue
    try {
      validate(template)
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      req.error({ status: 400, code: 'INVALID_TEMPLATE', message: 'INVALID_TEMPLATE', args: [error.message], target: `in/${field}` })
    }
  }
}

/** The database's unique constraints (@assert.unique) answer 400 naming the field, not 500 */
function explainUniqueViolation(error: Error) {
  const violation = uniqueViolation(error)
  if (!violation) return
  const field = violation.columns.at(-1)
  Object.assign(error, {
    status: 400,
    code: 'UNIQUE_CONSTRAINT_VIOLATION',
    message: field ? 'UNIQUE_VALUE_TAKEN' : 'UNIQUE_CONSTRAINT_VIOLATION',
    args: [field],
    ...(field && { target: `in/${field}` }),
  })
}
