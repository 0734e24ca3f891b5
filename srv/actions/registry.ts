import type { ActionKindCode } from '#cds-models/e2ba'
import type { Executor } from './executor'

/** The executors the chain runner can call, one per action kind */
const executors = new Map<ActionKindCode, Executor>()

export function registerExecutor(kind: ActionKindCode, executor: Executor) {
  executors.set(kind, executor)
}

export function unregisterExecutor(kind: ActionKindCode) {
  executors.delete(kind)
}

export const executorFor = (kind: ActionKindCode) => executors.get(kind)
