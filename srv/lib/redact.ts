import cds from '@sap/cds'

/** Keys whose values are secrets wherever they appear in configuration */
const SECRET_KEY = /pass(word)?|secret|token|key$|^key|certificate|credential/i
/** Shorter values are too likely to occur by chance to be masked everywhere */
const MIN_SECRET_LENGTH = 6
/** Authorization headers and the like, whatever a target echoes back */
const AUTH_SCHEME = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi
const MASK = '***'

/**
 * Masks configured credentials in text that is about to be stored (step excerpts, outputs,
 * errors, log lines): every secret value of `cds.requires.*.credentials`, of the
 * `destinations` environment variable and of VCAP_SERVICES, each also in its basic-auth form,
 * and any Basic or Bearer credential, since a target may echo a request's headers.
 */
export function redact(text: string): string {
  let redacted = text.replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${MASK}`)
  for (const secret of configuredSecrets()) if (redacted.includes(secret)) redacted = redacted.split(secret).join(MASK)
  return redacted
}

let cached: { sources: string; secrets: string[] } | undefined

/** The secrets of the current configuration; recomputed only when a source changed */
function configuredSecrets(): string[] {
  const requires = cds.env.requires as unknown as Record<string, { credentials?: unknown } | undefined>
  const credentials = Object.values(requires).map(service => service?.credentials)
  const sources = JSON.stringify([credentials, process.env.destinations ?? '', process.env.VCAP_SERVICES ?? ''])
  if (cached?.sources !== sources) cached = { sources, secrets: collect([credentials, parsed(process.env.destinations), parsed(process.env.VCAP_SERVICES)]) }
  return cached.secrets
}

const parsed = (json: string | undefined): unknown => {
  try {
    return json ? JSON.parse(json) : undefined
  } catch {
    return undefined
  }
}

function collect(root: unknown): string[] {
  const secrets = new Set<string>()
  const visit = (value: unknown, depth: number) => {
    if (depth > 12 || typeof value !== 'object' || value === null) return
    if (Array.isArray(value)) return value.forEach(item => visit(item, depth + 1))
    const entries = Object.entries(value as Record<string, unknown>)
    for (const [key, item] of entries) {
      if (typeof item === 'string' && SECRET_KEY.test(key) && item.length >= MIN_SECRET_LENGTH) secrets.add(item)
      else visit(item, depth + 1)
    }
    // user and password together also travel as a basic-auth header
    const record = value as Record<string, unknown>
    const user = record.username ?? record.user ?? record.User ?? record.clientid
    const password = record.password ?? record.Password ?? record.clientsecret
    if (typeof user === 'string' && typeof password === 'string' && password.length >= MIN_SECRET_LENGTH) {
      secrets.add(Buffer.from(`${user}:${password}`).toString('base64'))
    }
  }
  visit(root, 0)
  // longest first, so that a secret containing another is masked whole
  return [...secrets].sort((a, b) => b.length - a.length)
}
