import { callDestination, excerpt } from './destination-call'
import { StepFailure, type Executor, type StepContext } from './executor'
import { readPath, renderJson } from './template'
import { templateScope } from './template-scope'

/**
 * Asks an SAP Build Process Automation decision which chain to run: POST the rule service
 * with a vocabulary built from the event (or the action's payload template), and read the
 * chain's name at the configured result path, e.g. Result[0].ActionInfo.ChainName. Inside a
 * chain, the result at the path (a value or an object, e.g. the equipment to use) is the step's
 * output `result`, which later steps' templates read.
 */
export const bpaDecision: Executor = async context => {
  const { action } = context
  const body = decisionRequest(context)
  const response = await callDestination(context, { method: 'post', url: typeof action.path === 'string' ? action.path : '/v2/rule-services', data: body })
  const resultPath = typeof action.resultPath === 'string' ? action.resultPath : 'Result[0].ActionInfo.ChainName'
  const result = readPath(response.data, resultPath)
  if (result === undefined || result === null || result === '') {
    throw new StepFailure(`the decision answered nothing at ${resultPath}: ${excerpt(response.data, 300)}`, true)
  }
  // a name is the chain to run when a rule delegates; any result is there for later steps (e.g. an equipment lookup)
  return { output: typeof result === 'string' ? { chain: result, result } : { result }, request: excerpt(body), response: excerpt(response.data) }
}

/** The rule service request: the action's payload template, or a vocabulary built from the event */
export function decisionRequest(context: Pick<StepContext, 'action' | 'event' | 'incident' | 'outputs'>): unknown {
  const { action, event } = context
  const { data } = event
  return typeof action.payloadTemplate === 'string' && action.payloadTemplate
    ? renderJson(action.payloadTemplate, templateScope(context))
    : {
        RuleServiceId: action.ruleServiceId,
        ...(typeof action.ruleServiceVersion === 'string' && action.ruleServiceVersion && { RuleServiceVersion: action.ruleServiceVersion }),
        Vocabulary: [
          {
            EventInfo: {
              SourceSystem: event.source,
              AssetId: data.assetId,
              AssetName: data.assetName ?? '',
              PropertyAlias: data.propertyAlias ?? '',
              Plant: data.plant ?? '',
              Measurement: data.measurement,
              AnomalyType: data.anomalyType,
              Severity: data.severity,
              Value: data.value ?? null,
              Threshold: data.threshold ?? null,
            },
          },
        ],
      }
}
