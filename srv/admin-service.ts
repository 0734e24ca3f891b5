import cds from '@sap/cds'
import { Actions, Chains, Rules } from '#cds-models/AdminService'
import { TemplateError, validateJsonTemplate, validatePathTemplate } from './actions/template'
import { uniqueViolation } from './lib/db-errors'

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
    this.on('error', error => {
      explainUniqueViolation(error)
    })
    return super.init()
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
