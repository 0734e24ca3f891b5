import cds from '@sap/cds'
import path from 'node:path'

/** The development users of package.json (cds.requires.auth) */
const users = {
  admin: { username: 'admin', password: 'admin' },
  viewer: { username: 'viewer', password: 'viewer' },
  broker: { username: 'broker', password: 'broker' },
} as const

export type User = keyof typeof users | 'anonymous'

/** Request options: the user's credentials, and every status returned as data so tests assert it */
export const as = (user: User) => ({
  ...(user === 'anonymous' ? {} : { auth: users[user] }),
  validateStatus: () => true,
})

/** Starts the CAP app of this repository on an in-memory database with the seed data; `url` once it listens */
export const serve = () => cds.test(path.join(__dirname, '..', '..')) as ReturnType<typeof cds.test> & { url: string }

export type Server = ReturnType<typeof serve>

export const ADMIN = '/odata/v4/admin'
export const MONITORING = '/odata/v4/monitoring'

/**
 * Creates an admin entity the way Fiori elements does: a new draft with the data, then
 * activation. Returns the activation response (201 with the active entity, or the errors).
 */
export async function createViaDraft(server: Server, entitySet: string, data: object, user: User = 'admin') {
  const draft = await server.POST(`${ADMIN}/${entitySet}`, data, as(user))
  if (draft.status !== 201) return draft
  return server.POST(`${ADMIN}/${entitySet}(ID=${draft.data.ID},IsActiveEntity=false)/AdminService.draftActivate`, {}, as(user))
}
