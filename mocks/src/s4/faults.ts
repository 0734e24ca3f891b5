import type express from 'express'
import { setTimeout as sleep } from 'node:timers/promises'
import { ODataError } from './odata-error'

/**
 * Faults the tests and the reliability suite inject through `POST /$control`: failing the
 * next modifying requests, delaying every answer, and losing the response of the next creates
 * after they were stored (so a retrying client must look the entity up instead of duplicating it).
 */
export interface FaultSettings {
  /** the next n modifying requests answer `status` and store nothing */
  failNext: number
  status: number
  /** every OData answer waits this long */
  latencyMs: number
  /** the next n creates store the entity, then drop the connection without an answer */
  loseResponseNext: number
  /** 1: HEAD answers 405, as some gateways and proxies do, so a CSRF token can only be fetched by GET */
  refuseHead: number
}

const DEFAULTS: FaultSettings = { failNext: 0, status: 503, latencyMs: 0, loseResponseNext: 0, refuseHead: 0 }
const LIMITS: Record<keyof FaultSettings, [number, number]> = {
  failNext: [0, 1_000_000],
  status: [400, 599],
  latencyMs: [0, 120_000],
  loseResponseNext: [0, 1_000_000],
  refuseHead: [0, 1],
}
const isSetting = (name: string): name is keyof FaultSettings => name in LIMITS

export class Faults {
  private settings: FaultSettings = { ...DEFAULTS }

  /** Applies the given settings (others stay); refuses the whole request if one is invalid */
  configure(body: unknown): FaultSettings {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ODataError(400, 'S4MOCK/CONTROL', 'Expected a JSON object')
    const changes: Partial<FaultSettings> = {}
    for (const [name, value] of Object.entries(body)) {
      if (!isSetting(name)) throw new ODataError(400, 'S4MOCK/CONTROL', `Unknown setting '${name}'; known are ${Object.keys(LIMITS).join(', ')}`)
      const [min, max] = LIMITS[name]
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new ODataError(400, 'S4MOCK/CONTROL', `'${name}' must be an integer from ${min} to ${max}`)
      }
      changes[name] = value
    }
    this.settings = { ...this.settings, ...changes }
    return this.snapshot()
  }

  snapshot(): FaultSettings {
    return { ...this.settings }
  }

  reset() {
    this.settings = { ...DEFAULTS }
  }

  get latencyMs() {
    return this.settings.latencyMs
  }

  /** The status to fail this modifying request with, if one is due */
  takeFailure(): number | undefined {
    if (this.settings.failNext === 0) return undefined
    this.settings.failNext--
    return this.settings.status
  }

  get refusesHead() {
    return this.settings.refuseHead === 1
  }

  /** Whether the response of this (stored) create is to be lost */
  takeLoss(): boolean {
    if (this.settings.loseResponseNext === 0) return false
    this.settings.loseResponseNext--
    return true
  }
}

export function delay(faults: Faults): express.RequestHandler {
  return async (_req, _res, next) => {
    if (faults.latencyMs > 0) await sleep(faults.latencyMs)
    next()
  }
}

/** Runs before the CSRF check: a refused HEAD gets no token */
export function refuseHead(faults: Faults): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'HEAD' || !faults.refusesHead) return next()
    res.set('allow', 'GET, POST, PATCH, DELETE').status(405).end()
  }
}

/** Runs after authentication and CSRF checks, like a failing backend behind Gateway would */
export function injectFailures(faults: Faults): express.RequestHandler {
  return (req, res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next()
    const status = faults.takeFailure()
    if (status === undefined) return next()
    new ODataError(status, 'S4MOCK/INJECTED_FAILURE', `Failure injected by the S/4HANA mock (HTTP ${status})`).send(res)
  }
}
