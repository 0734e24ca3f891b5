import type { AnomalyEvent } from '#contract'
import { Actions, ChainPhases, ChainSteps, Chains, Incidents, IncidentStatusCode, RuleOutcomeCode, Rules } from '#cds-models/e2ba'
import { fallbackSummary } from '../actions/ai-summary'
import { readAssetMaster } from '../actions/asset-master'
import { decisionRequest } from '../actions/bpa-decision'
import type { ActionConfig, StepContext } from '../actions/executor'
import { externalReference } from '../actions/external-reference'
import { httpRequest } from '../actions/http-call'
import { notificationPayload } from '../actions/s4-maintenance-notification'
import { requisitionDescription, requisitionPayload } from '../actions/s4-purchase-requisition'
import { s4CollectionPath } from '../actions/s4-service'
import { TemplateError } from '../actions/template'
import { loadSeverityRank } from '../intake/store-events'
import { Correlation, type IncidentRow } from './correlate'
import { decide, type DecisionRule } from './decide'

/** One step as it would run: the request it would send, or why it cannot be rendered */
export interface DryRunStep {
  phase: string
  position: number
  action: string
  kind: string
  destination: string | null
  method: string | null
  path: string | null
  request: string | null
  note: string | null
}

export interface DryRunResult {
  matched: boolean
  rule_ID: string | null
  ruleName: string | null
  outcome: string | null
  chainName: string | null
  suppressed: boolean
  /** the open incident the event would join, or null when it would open a new one */
  incident_ID: string | null
  decision: string
  steps: DryRunStep[]
}

/** Stands in for outputs that only the external systems produce */
const PENDING = '(assigned at run time)'

/**
 * What the pipeline would do with an event, computed from the same decision, correlation and
 * payload code as a real run, without side effects: it only reads (rules, open incidents,
 * chains, actions, assets), calls no external system and writes nothing. Outputs that only an
 * external system can produce (the AI summary, document numbers) are stood in for, so later
 * steps' templates still render.
 */
export async function dryRun(event: AnomalyEvent): Promise<DryRunResult> {
  const severityRank = await loadSeverityRank()
  const rules = (await SELECT.from(Rules).where({ active: true }).orderBy('priority')) as unknown as DecisionRule[]
  const rule = decide(rules, event, severityRank)
  if (!rule) {
    return { matched: false, rule_ID: null, ruleName: null, outcome: null, chainName: null, suppressed: false, incident_ID: null, decision: 'no rule matched', steps: [] }
  }
  const open = (await SELECT.from(Incidents).where({
    status_code: IncidentStatusCode.OPEN,
    assetId: event.data.assetId,
    anomalyType_code: event.data.anomalyType,
  })) as unknown as IncidentRow[]
  const { incident, suppressed } = new Correlation(open, severityRank).correlate(event, rule)
  const joined = open.some(o => o.ID === incident.ID)
  const base = { matched: true, rule_ID: rule.ID, ruleName: rule.name, outcome: rule.outcome_code, suppressed, incident_ID: joined ? incident.ID : null }
  if (suppressed) {
    return { ...base, chainName: null, decision: `rule "${rule.name}" matches; suppressed: joins the open incident`, steps: [] }
  }
  const incidentText = joined ? 'continues the incident' : 'opens a new incident'
  if (rule.outcome_code === RuleOutcomeCode.DELEGATE_BPA && rule.decisionAction_ID) {
    const actions = await actionsById([rule.decisionAction_ID])
    const steps = await renderSteps(event, base.incident_ID, [{ phase_code: 'PRE', position: 0, action_ID: rule.decisionAction_ID }], actions)
    const note = 'the decision names the chain at run time'
    return { ...base, chainName: null, decision: `rule "${rule.name}" matches, ${incidentText}; ${note}`, steps }
  }
  const chain = rule.chain_ID ? await SELECT.one.from(Chains).columns('name').where({ ID: rule.chain_ID }) : undefined
  const steps = rule.chain_ID ? await chainSteps(rule.chain_ID) : []
  const actions = await actionsById(steps.map(s => s.action_ID))
  return {
    ...base,
    chainName: chain?.name ?? null,
    decision: `rule "${rule.name}" matches, ${incidentText}; chain "${chain?.name ?? '-'}" would run ${steps.length} step${steps.length === 1 ? '' : 's'}`,
    steps: await renderSteps(event, base.incident_ID, steps, actions),
  }
}

interface PlannedStep {
  phase_code: string
  position: number
  action_ID: string
}

/** The chain's steps in run order: phase sequence, then position */
async function chainSteps(chainID: string): Promise<PlannedStep[]> {
  const steps = (await SELECT.from(ChainSteps).columns('phase_code', 'position', 'action_ID').where({ chain_ID: chainID })) as unknown as PlannedStep[]
  const sequence = new Map((await SELECT.from(ChainPhases).columns('code', 'sequence')).map(p => [p.code as string, p.sequence ?? 0]))
  return steps.sort((a, b) => (sequence.get(a.phase_code) ?? 0) - (sequence.get(b.phase_code) ?? 0) || a.position - b.position)
}

async function actionsById(ids: string[]) {
  if (!ids.length) return new Map<string, ActionConfig>()
  const rows = (await SELECT.from(Actions).where({ ID: { in: [...new Set(ids)] } })) as unknown as ActionConfig[]
  return new Map(rows.map(a => [a.ID, a]))
}

/** `incidentID`: the open incident the event joins; null for the one it would open, whose ID does not exist yet */
async function renderSteps(event: AnomalyEvent, incidentID: string | null, steps: PlannedStep[], actions: Map<string, ActionConfig>) {
  const outputs: StepContext['outputs'] = {}
  const rendered: DryRunStep[] = []
  for (const step of steps) {
    const action = actions.get(step.action_ID)
    if (!action) continue
    const phase = step.phase_code as StepContext['phase']
    const context = { event, incident: incidentID ? { ID: incidentID } : null, action, outputs }
    const { request, output, note } = await preview(context)
    ;(outputs[phase] ??= {})[step.position] = output
    rendered.push({
      phase,
      position: step.position,
      action: action.name,
      kind: action.kind_code,
      destination: typeof action.destination === 'string' ? action.destination : null,
      method: request?.method ?? null,
      path: request?.path ?? null,
      request: request?.body === undefined ? null : JSON.stringify(request.body, null, 2),
      note,
    })
  }
  return rendered
}

type PreviewContext = Pick<StepContext, 'event' | 'incident' | 'action' | 'outputs'>
interface Preview {
  request?: { method: string; path: string; body?: unknown }
  /** what later steps would see as this step's output */
  output: unknown
  note: string | null
}

/** The request each kind of action would send, built by the executors' own payload functions */
async function preview(context: PreviewContext): Promise<Preview> {
  const { action, event, incident } = context
  const path = (fallback: string) => (typeof action.path === 'string' && action.path ? action.path : fallback)
  try {
    switch (action.kind_code) {
      case 'AI_SUMMARY':
        return {
          output: { summary: fallbackSummary(event), source: 'fallback' },
          note: 'SAP AI Core writes the summary at run time; shown here: the summary used when it cannot',
          request: { method: 'POST', path: 'orchestration', body: { model: action.model ?? null, fallbackSummary: fallbackSummary(event) } },
        }
      case 'S4_MAINTENANCE_NOTIFICATION': {
        const reference = incident ? externalReference(incident.ID) : PENDING
        const body = notificationPayload(event, context, reference, await readAssetMaster(event.data.assetId))
        return {
          request: { method: 'POST', path: s4CollectionPath(action, 'API_MAINTNOTIFICATION'), body },
          output: { notificationNumber: PENDING, reused: false },
          note: incident
            ? `skipped at run time when a notification with reference ${reference} exists`
            : 'created once for the new incident, whose ID becomes the reference',
        }
      }
      case 'S4_PURCHASE_REQUISITION': {
        const description = incident ? requisitionDescription(incident.ID, event) : PENDING
        const plant = (typeof action.plant === 'string' && action.plant) || ((await readAssetMaster(event.data.assetId))?.plant ?? undefined)
        return {
          request: { method: 'POST', path: s4CollectionPath(action, 'API_PURCHASEREQ_PROCESS_SRV'), body: requisitionPayload(action, event, description, plant) },
          output: { purchaseRequisition: PENDING, reused: false },
          note: incident
            ? `skipped at run time when a requisition described "${description}" exists`
            : 'created once for the new incident, whose ID becomes part of the description',
        }
      }
      case 'BPA_DECISION':
        return { request: { method: 'POST', path: path('/v2/rule-services'), body: decisionRequest(context) }, output: { chain: PENDING, result: PENDING }, note: null }
      default: {
        const request = httpRequest(context)
        return { request: { method: request.method.toUpperCase(), path: request.url, body: request.data }, output: { status: PENDING, body: null }, note: null }
      }
    }
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    return { output: null, note: `the template cannot be rendered: ${error.message}` }
  }
}
