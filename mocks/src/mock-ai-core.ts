import { randomUUID } from 'node:crypto'
import express from 'express'
import type { Request, RequestHandler, Response, Router } from 'express'

/**
 * SAP AI Core for development and tests: the OAuth token, the deployment list and the
 * orchestration v2 completion endpoint, as far as the SAP AI SDK uses them. Point the SDK at
 * it with AICORE_SERVICE_KEY = mockAiCoreServiceKey(<origin>, <mount path>).
 *
 * Controlled through `router.control` or over HTTP: `POST /$control` with MockAiSettings,
 * `GET /$control/state` (what it received), `POST /$control/reset`.
 */
export type MockAiMode = 'ok' | 'slow' | 'fail' | 'filter-input' | 'filter-output' | 'empty'
export const MOCK_AI_MODES: readonly MockAiMode[] = ['ok', 'slow', 'fail', 'filter-input', 'filter-output', 'empty']

export interface MockAiSettings {
  mode: MockAiMode
  /** delay before every completion answer; `slow` waits SLOW_LATENCY_MS unless set */
  latencyMs?: number
  /** in mode `ok`, the share of completions (0 to 1) that fail as in mode `fail` anyway */
  failRate?: number
  /** the assistant's text in mode `ok`, instead of the one derived from the request */
  reply?: string
}

export interface ReceivedCompletion {
  deploymentId: string
  resourceGroup?: string
  model?: { name?: string; version?: string; params?: Record<string, unknown> }
  placeholderValues: Record<string, string>
  /** the messages as sent: history and template, placeholders unfilled */
  template: { role: string; content: string }[]
  /** the same messages with the placeholders filled in */
  messages: { role: string; content: string }[]
  filtering?: unknown
}

export interface MockAiState {
  settings: MockAiSettings
  tokensIssued: number
  deploymentQueries: { scenarioId?: string; status?: string; resourceGroup?: string }[]
  completions: ReceivedCompletion[]
}

export interface MockAiControl {
  /** replaces the settings; what is left out falls back to its default */
  set(settings: MockAiSettings): MockAiSettings
  reset(): void
  state(): MockAiState
}

export type MockAiCore = Router & {
  control: MockAiControl
  /**
   * The token endpoint on its own. The SDK's token client resolves `/oauth/token` against
   * the origin of the service key's `url`, dropping any path, so a mock mounted below the
   * root also needs this at `<origin>/oauth/token`.
   */
  token: RequestHandler
}

export const SLOW_LATENCY_MS = 15_000
export const DEPLOYMENT_ID = 'orchestration-mock'
const ISSUER = 'mock-ai-core'

/** The AICORE_SERVICE_KEY value for a mock served at `origin` + `basePath` */
export function mockAiCoreServiceKey(origin: string, basePath = '', client = { clientid: 'mock', clientsecret: 'mock' }) {
  const base = `${origin.replace(/\/+$/, '')}${basePath}`
  return JSON.stringify({ ...client, url: base, serviceurls: { AI_API_URL: base } })
}

export function mockAiCore(): MockAiCore {
  const router = express.Router() as MockAiCore
  const initial = (): MockAiState => ({ settings: { mode: 'ok' }, tokensIssued: 0, deploymentQueries: [], completions: [] })
  let state = initial()

  router.control = {
    set(settings) {
      state.settings = { mode: settings.mode, latencyMs: settings.latencyMs, failRate: settings.failRate, reply: settings.reply }
      return { ...state.settings }
    },
    reset() {
      state = initial()
    },
    state: () => structuredClone(state),
  }

  // a router of its own, body parsers included, so it can be mounted alone at the origin
  router.token = express.Router().use(express.urlencoded({ extended: false }), express.json(), (req, res) => {
    const grant = isRecord(req.body) ? req.body.grant_type : undefined
    if (grant !== 'client_credentials') return void res.status(400).json({ error: 'unsupported_grant_type' })
    state.tokensIssued++
    res.json({ access_token: jwt(), token_type: 'bearer', expires_in: 3600, scope: 'uaa.resource', jti: randomUUID() })
  })
  router.post('/oauth/token', router.token)

  router.post('/$control', express.json(), (req, res) => {
    const body: unknown = req.body
    if (!isRecord(body) || !MOCK_AI_MODES.includes(body.mode as MockAiMode)) {
      return void res.status(400).json({ error: `mode must be one of ${MOCK_AI_MODES.join(', ')}` })
    }
    const latencyMs = typeof body.latencyMs === 'number' && body.latencyMs >= 0 ? body.latencyMs : undefined
    const reply = typeof body.reply === 'string' ? body.reply : undefined
    const failRate = typeof body.failRate === 'number' && body.failRate >= 0 && body.failRate <= 1 ? body.failRate : undefined
    res.json(router.control.set({ mode: body.mode as MockAiMode, latencyMs, failRate, reply }))
  })
  router.get('/$control/state', (_req, res) => {
    res.json(router.control.state())
  })
  router.post('/$control/reset', (_req, res) => {
    router.control.reset()
    res.status(204).end()
  })

  // AI_API_URL may or may not carry the /v2 of AI Core: the SDK adds it only to a bare host
  router.get(['/lm/deployments', '/v2/lm/deployments'], bearer, (req, res) => {
    const query = { scenarioId: text(req.query.scenarioId), status: text(req.query.status), resourceGroup: req.get('ai-resource-group') }
    state.deploymentQueries.push(query)
    const matches = (!query.scenarioId || query.scenarioId === 'orchestration') && (!query.status || query.status === 'RUNNING')
    res.json(matches ? { count: 1, resources: [deployment(req)] } : { count: 0, resources: [] })
  })
  router.get(['/lm/deployments/:id', '/v2/lm/deployments/:id'], bearer, (req, res) => {
    if (req.params.id !== DEPLOYMENT_ID) return void res.status(404).json({ error: { code: '404', message: 'deployment not found' } })
    res.json(deployment(req))
  })

  router.post(
    ['/inference/deployments/:id/v2/completion', '/v2/inference/deployments/:id/v2/completion'],
    bearer,
    express.json({ limit: '1mb' }),
    async (req: Request<{ id: string }>, res: Response) => {
      const requestId = randomUUID()
      if (req.params.id !== DEPLOYMENT_ID) return void res.status(404).json(failure(requestId, 404, `deployment ${req.params.id} not found`, 'Orchestration'))
      const parsed = parseCompletion(req.body)
      if (typeof parsed === 'string') return void res.status(400).json(failure(requestId, 400, parsed, 'Request Body'))
      const received: ReceivedCompletion = { deploymentId: req.params.id, resourceGroup: req.get('ai-resource-group'), ...parsed }
      state.completions.push(received)

      const { latencyMs, failRate, reply } = state.settings
      const mode = state.settings.mode === 'ok' && failRate && Math.random() < failRate ? 'fail' : state.settings.mode
      if (!(await delay(latencyMs ?? (mode === 'slow' ? SLOW_LATENCY_MS : 0), res))) return
      const templating = received.messages
      switch (mode) {
        case 'fail':
          return void res.status(500).json(failure(requestId, 500, 'Internal server error (mock)', 'LLM Module'))
        case 'filter-input':
          return void res.status(400).json(
            failure(requestId, 400, '400 - Filtering Module - Input Filter: Prompt filtered due to safety violations. Please modify the prompt and try again.', 'Filtering Module - Input Filter', {
              templating,
              input_filtering: {
                message: 'Prompt filtered due to safety violations. Please modify the prompt and try again.',
                data: { azure_content_safety: { Hate: 0, SelfHarm: 0, Sexual: 0, Violence: 4, userPromptAnalysis: { attackDetected: false } } },
              },
            }),
          )
        case 'filter-output':
          return void res.json(
            completion(requestId, received, '', 'content_filter', {
              output_filtering: {
                message: '1 of 1 choices failed the output filter.',
                data: { choices: [{ index: 0, azure_content_safety: { Hate: 0, SelfHarm: 0, Sexual: 0, Violence: 4 } }] },
              },
            }),
          )
        case 'empty':
          return void res.json(completion(requestId, received, '', 'stop'))
        default:
          return void res.json(completion(requestId, received, reply ?? mockReply(received.placeholderValues), 'stop'))
      }
    },
  )

  return router
}

/**
 * The default answer: derived from the placeholder values, so tests can predict it. Reads
 * the `event` JSON (asset, measurement, peak, threshold, unit) or the single placeholders.
 */
export function mockReply(values: Record<string, string>): string {
  let facts: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(values.event ?? '{}')
    if (isRecord(parsed)) facts = parsed
  } catch {
    // not JSON: the single placeholders have to do
  }
  const pick = (...keys: string[]) => keys.map(key => facts[key] ?? values[key]).find(v => v !== undefined && v !== '')
  const [asset, measurement, peak, threshold, unit] = [
    pick('asset', 'assetName', 'assetId'),
    pick('measurement'),
    pick('peak', 'value'),
    pick('threshold'),
    pick('unit'),
  ].map(v => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined))
  if (!asset) return `Mock summary of ${Object.keys(values).length} placeholder values.`
  const amount = (v: string) => `${v}${unit ? ` ${unit}` : ''}`
  const what = peak ? `a ${measurement ?? 'value'} peak of ${amount(peak)}` : `an anomaly`
  return `Mock summary: ${asset} reported ${what}${threshold ? ` against a limit of ${amount(threshold)}` : ''}.`
}

/** Authorization must be a bearer token this mock issued and that has not expired */
const bearer: RequestHandler = (req, res, next) => {
  const [scheme, token] = (req.get('authorization') ?? '').split(' ')
  const payload = scheme?.toLowerCase() === 'bearer' && token ? decodePayload(token) : undefined
  if (payload?.iss === ISSUER && typeof payload.exp === 'number' && payload.exp * 1000 > Date.now()) return next()
  res.set('WWW-Authenticate', 'Bearer realm="mock-ai-core"').status(401).json({ error: 'unauthorized' })
}

/** Unsigned in spirit: the SDK only decodes the payload (exp) and never checks the signature */
function jwt() {
  const now = Math.floor(Date.now() / 1000)
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const payload = { iss: ISSUER, sub: 'mock', client_id: 'mock', cid: 'mock', grant_type: 'client_credentials', scope: ['uaa.resource'], iat: now, exp: now + 3600 }
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.${Buffer.from(randomUUID()).toString('base64url')}`
}

function decodePayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return undefined
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return isRecord(payload) ? payload : undefined
  } catch {
    return undefined
  }
}

function deployment(req: Request) {
  const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`
  const created = '2026-01-01T00:00:00Z'
  // orchestration deployments carry no model; the SDK reads backendDetails, AI Core answers backend_details
  const backend = { model: { name: 'orchestration', version: 'latest' } }
  return {
    id: DEPLOYMENT_ID,
    deploymentUrl: `${base}/v2/inference/deployments/${DEPLOYMENT_ID}`,
    configurationId: 'orchestration-mock-configuration',
    configurationName: 'orchestration',
    executableId: 'orchestration',
    scenarioId: 'orchestration',
    status: 'RUNNING',
    targetStatus: 'RUNNING',
    lastOperation: 'CREATE',
    details: { resources: { backend_details: backend, backendDetails: backend } },
    createdAt: created,
    modifiedAt: created,
    submissionTime: created,
    startTime: created,
  }
}

type Parsed = Omit<ReceivedCompletion, 'deploymentId' | 'resourceGroup'>

/** The parts of an orchestration v2 request the mock understands, or why it is a bad request */
function parseCompletion(body: unknown): Parsed | string {
  if (!isRecord(body) || !isRecord(body.config)) return 'config is required'
  const modules: unknown = Array.isArray(body.config.modules) ? body.config.modules[0] : body.config.modules
  if (!isRecord(modules) || !isRecord(modules.prompt_templating)) return 'config.modules.prompt_templating is required'
  const { prompt, model } = modules.prompt_templating
  if (!isRecord(model) || typeof model.name !== 'string') return 'config.modules.prompt_templating.model.name is required'
  const template: unknown[] = isRecord(prompt) && Array.isArray(prompt.template) ? prompt.template : []
  const history: unknown[] = Array.isArray(body.messages_history) ? body.messages_history : []
  const placeholderValues: Record<string, string> = {}
  if (isRecord(body.placeholder_values)) {
    for (const [name, value] of Object.entries(body.placeholder_values)) placeholderValues[name] = String(value)
  }
  const missing = new Set<string>()
  const fill = (content: string) =>
    content.replace(/\{\{\s*\?([\w-]+)\s*\}\}/g, (_match, name: string) => {
      if (!(name in placeholderValues)) missing.add(name)
      return placeholderValues[name] ?? ''
    })
  const sent = [...history, ...template].filter(isRecord).map(m => ({ role: text(m.role) ?? '', content: contentText(m.content) }))
  const messages = sent.map(m => ({ ...m, content: fill(m.content) }))
  if (!messages.length) return 'either a prompt template or messages must be given'
  if (missing.size) return `Missing placeholder values: ${[...missing].join(', ')}`
  return {
    model: { name: model.name, version: text(model.version), params: isRecord(model.params) ? model.params : undefined },
    placeholderValues,
    template: sent,
    messages,
    filtering: modules.filtering,
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content.map((item: unknown) => (isRecord(item) && typeof item.text === 'string' ? item.text : '')).join('')
}

function completion(requestId: string, received: ReceivedCompletion, content: string, finishReason: string, results: object = {}) {
  const promptTokens = received.messages.reduce((sum, m) => sum + words(m.content), 0)
  const llm = {
    id: `chatcmpl-${requestId}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: received.model?.name ?? 'unknown',
    system_fingerprint: 'mock',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    usage: { completion_tokens: words(content), prompt_tokens: promptTokens, total_tokens: promptTokens + words(content) },
  }
  return { request_id: requestId, intermediate_results: { templating: received.messages, llm, ...results }, final_result: llm }
}

function failure(requestId: string, code: number, message: string, location: string, intermediateResults?: object) {
  return { error: { request_id: requestId, code, message, location, ...(intermediateResults && { intermediate_results: intermediateResults }) } }
}

/** Waits, unless the client gives up first (then false: nobody is left to answer) */
function delay(ms: number, res: Response): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(true)
  return new Promise(resolve => {
    const timer = setTimeout(() => {
      res.off('close', gone)
      resolve(true)
    }, ms)
    const gone = () => {
      clearTimeout(timer)
      resolve(false)
    }
    res.once('close', gone)
  })
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length
const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
