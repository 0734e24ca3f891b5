import { excerpt, callDestination, type DestinationRequest } from './destination-call'
import type { Executor, StepContext } from './executor'
import { templateScope } from './template-scope'
import { renderJson, renderPath } from './template'

/**
 * The generic HTTP action: the configured method and path on the destination, with the
 * payload template rendered from the event and the earlier steps' outputs.
 */
export const httpCall: Executor = async context => {
  const request = httpRequest(context)
  const response = await callDestination(context, request)
  return { output: { status: response.status, body: response.data as unknown }, request: request.data === undefined ? undefined : excerpt(request.data), response: excerpt(response.data) }
}

/** The request as it is sent; exported for the dry run, which shows it without sending */
export function httpRequest(context: Pick<StepContext, 'action' | 'event' | 'incident' | 'outputs'>): DestinationRequest {
  const { action } = context
  const scope = templateScope(context)
  const method = (typeof action.method_code === 'string' ? action.method_code : 'POST').toLowerCase() as DestinationRequest['method']
  const template = typeof action.payloadTemplate === 'string' && action.payloadTemplate ? action.payloadTemplate : undefined
  return {
    method,
    url: renderPath(typeof action.path === 'string' ? action.path : '/', scope),
    data: template === undefined || method === 'get' ? undefined : renderJson(template, scope),
    headers: { 'content-type': typeof action.contentType === 'string' ? action.contentType : 'application/json' },
    csrf: action.csrfRequired === true,
  }
}
