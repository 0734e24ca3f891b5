import { randomUUID } from 'node:crypto'
import { ChainPhaseCode, RunStatusCode } from '#cds-models/e2ba'

/** A step of a chain, as configured */
export interface ChainStep {
  chain_ID: string
  phase_code: ChainPhaseCode
  position: number
  action_ID: string
}

/** A planned step of an event's run: one e2ba.ActionRuns row */
export interface PlannedRun {
  ID: string
  event_ID: string
  chain_ID: string | null
  phase_code: ChainPhaseCode
  position: number
  action_ID: string
  status_code: RunStatusCode
  attempts: number
}

const planned = (eventID: string, step: Omit<ChainStep, 'chain_ID'> & { chain_ID: string | null }): PlannedRun => ({
  ID: randomUUID(),
  event_ID: eventID,
  chain_ID: step.chain_ID,
  phase_code: step.phase_code,
  position: step.position,
  action_ID: step.action_ID,
  status_code: RunStatusCode.PENDING,
  attempts: 0,
})

/** The chain's steps, copied with their explicit order, all pending */
export const planChain = (eventID: string, steps: readonly ChainStep[]) => steps.map(step => planned(eventID, step))

/**
 * Delegation: the decision action runs first (a pre-action at position 0); its answer
 * names the chain, whose steps are planned when it has succeeded.
 */
export const planDecision = (eventID: string, decisionActionID: string) =>
  planned(eventID, { chain_ID: null, phase_code: ChainPhaseCode.PRE, position: 0, action_ID: decisionActionID })
