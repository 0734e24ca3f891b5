import type { AnomalyEvent } from '#contract'
import { matchesGlob } from './glob'

/** A row of the decision table as decide() needs it: conditions, outcome and suppression */
export interface DecisionRule {
  ID: string
  name: string
  priority: number
  sourcePattern?: string | null
  assetPattern?: string | null
  measurement_code?: string | null
  anomalyType_code?: string | null
  minSeverity_code?: string | null
  minValue?: number | null
  maxValue?: number | null
  outcome_code: string
  chain_ID?: string | null
  decisionAction_ID?: string | null
  suppressionMinutes: number
}

/**
 * The first rule whose conditions all hold for the event; an empty condition matches
 * anything. `rules` holds the active rules in ascending priority.
 */
export function decide(rules: readonly DecisionRule[], event: AnomalyEvent, severityRank: ReadonlyMap<string, number>) {
  const { data } = event
  const rank = severityRank.get(data.severity) ?? 0
  return rules.find(
      rule =>
        (!rule.sourcePattern || matchesGlob(rule.sourcePattern, event.source)) &&
        (!rule.assetPattern || [data.assetId, data.assetName, data.propertyAlias].some(v => matchesGlob(rule.assetPattern ?? '', v))) &&
        (!rule.measurement_code || rule.measurement_code === data.measurement) &&
        (!rule.anomalyType_code || rule.anomalyType_code === data.anomalyType) &&
        (!rule.minSeverity_code || rank >= (severityRank.get(rule.minSeverity_code) ?? Infinity)) &&
        (rule.minValue == null || (data.value != null && data.value >= rule.minValue)) &&
        (rule.maxValue == null || (data.value != null && data.value <= rule.maxValue)),
  )
}
