import type { Server } from './server'

const S4 = { auth: { username: 's4user', password: 's4pass' }, validateStatus: () => true }

export interface S4State {
  notifications: Record<string, unknown>[]
  purchaseRequisitions: (Record<string, unknown> & { to_PurchaseReqnItem?: { results?: Record<string, unknown>[] } })[]
  requests: { method: string; path: string; query: string; csrfTokenSent: boolean; cookieSent: boolean; status: number | null; abandoned: boolean }[]
}

/** The stand-in's fault settings (mocks/src/s4/faults.ts); rates in percent */
export interface S4Faults {
  failNext?: number
  failRate?: number
  status?: number
  latencyMs?: number
  hangRate?: number
  loseResponseNext?: number
  loseResponseRate?: number
  commitLateRate?: number
  commitLateMs?: number
  refuseHead?: 0 | 1
  seed?: number
}

/** A business event the stand-in published (mocks/src/s4/business-events.ts) */
export interface S4Event {
  topic: string
  event: { specversion: '1.0'; id: string; type: string; source: string; time: string; datacontenttype: string; data: { MaintenanceNotification: string } }
  /** null while under way */
  published: boolean | null
  error?: string
}

/** Changes a notification as S/4's actions do; the response holds the changed notification, 404 if there is none */
const changeNotification = (change: 'complete' | 'in-process' | 'delete') => (server: Server, number: string) =>
  server.POST(`/mock/s4/$control/notifications/${encodeURIComponent(number)}/${change}`, {}, S4)

/** The mock S/4's control API: what it stored, saw and published, and what it should do next */
export const s4 = {
  state: async (server: Server) => (await server.GET('/mock/s4/$control/state', S4)).data as S4State,
  control: (server: Server, settings: S4Faults) => server.POST('/mock/s4/$control', settings, S4),
  references: async (server: Server) => (await server.GET('/mock/s4/$control/references', S4)).data as { notifications: Record<string, number>; purchaseRequisitions: Record<string, number> },
  complete: changeNotification('complete'),
  inProcess: changeNotification('in-process'),
  remove: changeNotification('delete'),
  /** the business events published, the last 200, oldest first */
  events: async (server: Server) => (await server.GET('/mock/s4/$control/events', S4)).data as S4Event[],
  reset: (server: Server) => server.POST('/mock/s4/$control/reset', {}, S4),
}

export const webhookReceived = async (server: Server) => (await server.GET('/mock/webhook/$received', { validateStatus: () => true })).data as { path: string; body: unknown }[]
