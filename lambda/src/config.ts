import { readFileSync } from 'node:fs'
import type { AssetMap } from './aws/assets'
import type { Credentials } from './aws/secrets'
import type { ThresholdConfig } from './detect/settings'
import type { LogLevel } from './log'

/** Everything the handler reads from the environment, validated once at cold start */
export interface Config {
  aem: {
    url: string
    topicPrefix: string
    /** Secrets Manager secret id or ARN: always, when running in AWS */
    secretId?: string
    /** local runs only */
    credentials?: Credentials
    secretTtlMs: number
    concurrency: number
    timeoutMs: number
    retries: number
    retryBaseMs: number
  }
  source: string
  assetMap: AssetMap
  describeAssets: boolean
  thresholds: ThresholdConfig
  limits: { maxLineChars: number; maxDocumentChars: number }
  logLevel: LogLevel
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Record<string, string | undefined>

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error']

/**
 * Reads the configuration, naming every problem at once:
 *   AEM_REST_URL          required; https, or http to localhost for local runs
 *   AEM_SECRET_ID         Secrets Manager secret {username, password}; required in AWS
 *   AEM_USERNAME/PASSWORD local runs only (refused in AWS)
 *   AEM_TOPIC_PREFIX      default sitewise/anomaly
 *   PUBLISH_CONCURRENCY (8), PUBLISH_TIMEOUT_MS (10000), PUBLISH_RETRIES (2), SECRET_TTL_SECONDS (300)
 *   ASSET_MAP | ASSET_MAP_FILE  static asset map (JSON); SITEWISE_DESCRIBE=false skips DescribeAsset
 *   THRESHOLDS            JSON levels per measurement, byAsset, byAlias
 *   EVENT_SOURCE, LOG_LEVEL, MAX_JSON_LINE_CHARS, MAX_JSON_DOCUMENT_CHARS
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const inAws = Boolean(env.AWS_LAMBDA_FUNCTION_NAME)

  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}`)
      return fallback
    }
    return value
  }
  const json = (name: string, raw: string | undefined, what: string): object | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined
    try {
      const value = JSON.parse(raw) as unknown
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object')
      return value
    } catch (error) {
      problems.push(`${name} must be ${what} (${error instanceof Error ? error.message : String(error)})`)
      return undefined
    }
  }

  const url = env.AEM_REST_URL ?? ''
  try {
    const parsed = new URL(url)
    const local = LOCAL_HOSTS.has(parsed.hostname)
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) problems.push('AEM_REST_URL must use https (http only to localhost)')
    if (parsed.username || parsed.password) problems.push('AEM_REST_URL must not carry credentials; use AEM_SECRET_ID')
  } catch {
    problems.push('AEM_REST_URL is required: the AEM REST messaging URL, e.g. https://<host>:9443')
  }

  const secretId = env.AEM_SECRET_ID?.trim() || undefined
  const username = env.AEM_USERNAME
  const password = env.AEM_PASSWORD
  let credentials: Credentials | undefined
  if (inAws && (username || password)) problems.push('AEM_USERNAME/AEM_PASSWORD are for local runs only; in AWS the credentials come from AEM_SECRET_ID')
  else if (username || password) {
    if (!username || !password) problems.push('AEM_USERNAME and AEM_PASSWORD go together')
    else credentials = { username, password }
  }
  if (!secretId && !credentials) problems.push('AEM_SECRET_ID is required: the Secrets Manager secret with the AEM username and password')
  if (secretId && credentials) problems.push('set either AEM_SECRET_ID or AEM_USERNAME/AEM_PASSWORD, not both')

  const topicPrefix = (env.AEM_TOPIC_PREFIX ?? 'sitewise/anomaly').replace(/^\/+|\/+$/g, '')
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(topicPrefix)) problems.push('AEM_TOPIC_PREFIX must be topic levels separated by / (no wildcards)')

  let assetMapText = env.ASSET_MAP
  if (env.ASSET_MAP_FILE) {
    try {
      assetMapText = readFileSync(env.ASSET_MAP_FILE, 'utf8')
    } catch (error) {
      problems.push(`ASSET_MAP_FILE cannot be read (${error instanceof Error ? error.message : String(error)})`)
    }
  }
  const assetMap = (json(env.ASSET_MAP_FILE ? 'ASSET_MAP_FILE' : 'ASSET_MAP', assetMapText, 'a JSON object of assets by id') as AssetMap | undefined) ?? {}
  const thresholds = (json('THRESHOLDS', env.THRESHOLDS, 'a JSON object of levels') as ThresholdConfig | undefined) ?? {}
  checkThresholds(thresholds, problems)

  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`)

  const config: Config = {
    aem: {
      url,
      topicPrefix,
      ...(secretId && { secretId }),
      ...(credentials && { credentials }),
      secretTtlMs: integer('SECRET_TTL_SECONDS', 300, 0, 86_400) * 1000,
      concurrency: integer('PUBLISH_CONCURRENCY', 8, 1, 64),
      timeoutMs: integer('PUBLISH_TIMEOUT_MS', 10_000, 100, 120_000),
      retries: integer('PUBLISH_RETRIES', 2, 0, 10),
      retryBaseMs: integer('PUBLISH_RETRY_BASE_MS', 200, 0, 60_000),
    },
    source: env.EVENT_SOURCE ?? (inAws ? `urn:aws:lambda:${env.AWS_REGION ?? 'unknown'}:${env.AWS_LAMBDA_FUNCTION_NAME ?? ''}` : 'urn:e2ba:lambda:local'),
    assetMap,
    describeAssets: env.SITEWISE_DESCRIBE !== 'false',
    thresholds,
    limits: {
      maxLineChars: integer('MAX_JSON_LINE_CHARS', 1024 * 1024, 1024, 64 * 1024 * 1024),
      maxDocumentChars: integer('MAX_JSON_DOCUMENT_CHARS', 32 * 1024 * 1024, 1024, 128 * 1024 * 1024),
    },
    logLevel,
  }
  if (problems.length) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  return config
}

function checkThresholds(config: ThresholdConfig, problems: string[]) {
  const check = (where: string, levels: unknown) => {
    const l = levels as { warning?: unknown; critical?: unknown } | undefined
    if (typeof l?.warning !== 'number' || typeof l.critical !== 'number' || l.warning > l.critical)
      problems.push(`THRESHOLDS ${where} needs numbers warning ≤ critical`)
  }
  for (const m of ['vibration', 'temperature', 'other'] as const) if (config[m] !== undefined) check(m, config[m])
  for (const [alias, levels] of Object.entries(config.byAlias ?? {})) check(`byAlias ${alias}`, levels)
  for (const [asset, byMeasurement] of Object.entries(config.byAsset ?? {}))
    for (const [m, levels] of Object.entries(byMeasurement)) check(`byAsset ${asset} ${m}`, levels)
}
