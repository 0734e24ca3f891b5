import { randomUUID } from 'node:crypto'
import { Actions, Incidents } from '#cds-models/e2ba'
import { readAssetMaster } from '../../srv/actions/asset-master'
import type { ActionConfig, StepContext } from '../../srv/actions/executor'
import { anomalyEvent, MOTOR_1 } from '../factories/events'

/** Seeded actions (db/data/e2ba-Actions.csv) */
export const ACTION = {
  notificationM2: '0a000000-0000-4000-8000-000000000002',
  requisition: '0a000000-0000-4000-8000-000000000004',
  decision: '0a000000-0000-4000-8000-000000000005',
  webhook: '0a000000-0000-4000-8000-000000000006',
}

const action = async (ID: string, changes: Partial<ActionConfig> = {}) => Object.assign((await SELECT.one.from(Actions, ID)) ?? {}, changes) as unknown as ActionConfig

/** A step of a stored incident, with whatever earlier steps produced; needs a served app (its database) */
export async function stepContext(
  actionID: string,
  options: { event?: ReturnType<typeof anomalyEvent>; outputs?: StepContext['outputs']; changes?: Partial<ActionConfig>; signal?: AbortSignal } = {},
): Promise<StepContext> {
  const event = options.event ?? anomalyEvent({ ...MOTOR_1, windowStart: '2026-11-25T10:04:05.000Z', windowEnd: '2026-11-25T10:09:00.000Z' })
  const incident = { ID: randomUUID() }
  await INSERT.into(Incidents).entries({ ...incident, assetId: randomUUID(), anomalyType_code: 'THRESHOLD', firstSeen: event.data.windowStart, lastSeen: event.data.windowEnd })
  return {
    event,
    eventRecord: randomUUID(),
    incident,
    asset: await readAssetMaster(event.data.assetId),
    action: await action(actionID, options.changes),
    phase: 'MAIN',
    position: 1,
    attempt: 1,
    outputs: options.outputs ?? {},
    signal: options.signal ?? new AbortController().signal,
  }
}

/** The error a step throws; fails the test when it does not throw */
export const failureOf = async (run: Promise<unknown>) => {
  try {
    await run
  } catch (error) {
    return error
  }
  throw new Error('expected the step to fail')
}
