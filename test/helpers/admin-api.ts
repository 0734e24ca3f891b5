const ADMIN_AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`
const ADMIN = '/odata/v4/admin'

async function call(url: string, method: string, body?: object) {
  const res = await fetch(url, { method, headers: { authorization: ADMIN_AUTH, 'content-type': 'application/json' }, body: body && JSON.stringify(body) })
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`)
  return res
}

/**
 * Changes an admin entity of a running server as the admin app does: edit (a draft of the
 * active entity), patch the draft, activate it.
 */
export async function editViaDraft(serverUrl: string, entitySet: string, ID: string, changes: object) {
  const active = `${serverUrl}${ADMIN}/${entitySet}(ID=${ID},IsActiveEntity=true)`
  const draft = `${serverUrl}${ADMIN}/${entitySet}(ID=${ID},IsActiveEntity=false)`
  await call(`${active}/AdminService.draftEdit`, 'POST', { PreserveChanges: true })
  await call(draft, 'PATCH', changes)
  await call(`${draft}/AdminService.draftActivate`, 'POST', {})
}

/** Creates an admin entity of a running server as the admin app does: a new draft, then activation; returns its ID */
export async function createViaDraft(serverUrl: string, entitySet: string, data: object): Promise<string> {
  const draft = (await (await call(`${serverUrl}${ADMIN}/${entitySet}`, 'POST', data)).json()) as { ID: string }
  await call(`${serverUrl}${ADMIN}/${entitySet}(ID=${draft.ID},IsActiveEntity=false)/AdminService.draftActivate`, 'POST', {})
  return draft.ID
}
