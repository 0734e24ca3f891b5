import express from 'express'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mockS4 } from '../../mocks/src/s4/mock-s4'

export const NOTIFICATIONS = '/sap/opu/odata/sap/API_MAINTNOTIFICATION'
export const REQUISITIONS = '/sap/opu/odata/sap/API_PURCHASEREQ_PROCESS_SRV'
export const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
export const AUTH = basic('s4user', 's4pass')

export interface Answer {
  status: number
  headers: Headers
  body: any
}

export async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>(resolve => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started))
  })
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

export const stop = (server: Server) =>
  new Promise<void>(resolve => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

/**
 * A client of an S/4 stand-in at `base()` speaking plain HTTP: OData calls with basic auth,
 * the CSRF handshake as the Cloud SDK does it, and the control API.
 */
export function standInClient(base: () => string) {
  async function call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; auth?: string | null; signal?: AbortSignal } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.auth !== null) headers.authorization = options.auth ?? AUTH
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${base()}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: options.signal })
    const text = await response.text()
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== ''
    return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : text }
  }

  /** The CSRF handshake as the Cloud SDK does it: HEAD with `X-CSRF-Token: Fetch` */
  async function fetchToken(path = `${NOTIFICATIONS}/MaintenanceNotification/`) {
    const answer = await call('HEAD', path, { headers: { 'x-csrf-token': 'Fetch' } })
    const token = answer.headers.get('x-csrf-token') ?? ''
    const cookie = answer.headers.getSetCookie().map(setCookie => setCookie.split(';')[0]).join('; ')
    return { answer, token, cookie }
  }

  async function create(path: string, body: unknown, signal?: AbortSignal) {
    const { token, cookie } = await fetchToken()
    return call('POST', path, { body, headers: { 'x-csrf-token': token, cookie }, signal })
  }

  return {
    call,
    fetchToken,
    create,
    createNotification: (body: unknown, signal?: AbortSignal) => create(`${NOTIFICATIONS}/MaintenanceNotification`, body, signal),
    configure: (settings: unknown) => call('POST', '/$control', { body: settings }),
    state: async () => (await call('GET', '/$control/state')).body,
    references: async () => (await call('GET', '/$control/references')).body as { notifications: Record<string, number>; purchaseRequisitions: Record<string, number> },
    reset: () => call('POST', '/$control/reset'),
  }
}

/** A stand-in on its own express server on a free port, for tests that talk to it directly */
export async function startStandIn() {
  const { server, url } = await listen(express().use(mockS4()))
  return { server, url, client: standInClient(() => url), stop: () => stop(server) }
}
