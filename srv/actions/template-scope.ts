import type { StepContext } from './executor'

/**
 * What templates can read: the event, the incident, and the outputs of the steps that ran
 * before, e.g. ${{pre.1.summary}} or ${{main.notificationNumber}} (main is the main action's
 * output, pre and post are indexed by position).
 */
export const templateScope = (context: Pick<StepContext, 'event' | 'incident' | 'outputs'>) => ({
  event: context.event,
  incident: context.incident ?? null,
  pre: context.outputs.PRE ?? {},
  main: context.outputs.MAIN?.[1] ?? null,
  post: context.outputs.POST ?? {},
})
