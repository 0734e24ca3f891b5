import type { Server } from './server'

const S4 = { auth: { username: 's4user', password: 's4pass' }, validateStatus: () => true }

export interface S4State {
  notifications: Record<string, unknown>[]
  purchaseRequisitions: (Record<string, unknown> & { to_PurchaseReqnItem?: { results?: Record<string, unknown>[] } })[]
  requests: { method: string; path: string; csrfTokenSent: boolean; cookieSent: boolean }[]
}

/** The mock S/4's control API: what it stored and saw, and what it should do next */
export const s4 = {
  state: async (server: Server) => (await server.GET('/mock/s4/$control/state', S4)).data as S4State,
  control: (server: Server, settings: { failNext?: number; status?: number; latencyMs?: number; loseResponseNext?: number; refuseHead?: 0 | 1 }) =>
    server.POST('/mock/s4/$control', settings, S4),
  reset: (server: Server) => server.POST('/mock/s4/$control/reset', {}, S4),
}

export const webhookReceived = async (server: Server) => (await server.GET('/mock/webhook/$received', { validateStatus: () => true })).data as { path: string; body: unknown }[]
