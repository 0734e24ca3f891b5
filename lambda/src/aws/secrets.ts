import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

export interface Credentials {
  username: string
  password: string
}

/** Where the AEM publisher credentials come from */
export interface CredentialSource {
  get(): Promise<Credentials>
  /** forget a cached value, e.g. after the broker refused it (rotated password) */
  invalidate(): void
}

/** Fixed credentials from configuration: local runs only */
export const fixedCredentials = (credentials: Credentials): CredentialSource => ({
  get: () => Promise.resolve(credentials),
  invalidate: () => undefined,
})

/**
 * A Secrets Manager secret `{"username": …, "password": …}`, cached for `ttlMs` so a warm
 * container calls Secrets Manager rarely and still picks up a rotation.
 */
export class SecretCredentials implements CredentialSource {
  private cached: { until: number; value: Promise<Credentials> } | undefined

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly ttlMs: number,
  ) {}

  get(): Promise<Credentials> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value
    const value = this.fetch()
    this.cached = { until: Date.now() + this.ttlMs, value }
    value.catch(() => (this.cached = undefined))
    return value
  }

  invalidate() {
    this.cached = undefined
  }

  private async fetch(): Promise<Credentials> {
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }))
    let parsed: unknown
    try {
      parsed = JSON.parse(result.SecretString ?? '')
    } catch {
      parsed = undefined
    }
    const { username, password } = (parsed ?? {}) as Partial<Record<string, unknown>>
    // the message names the secret, never its content
    if (typeof username !== 'string' || !username || typeof password !== 'string' || !password)
      throw new Error(`secret ${this.secretId} must be JSON with non-empty "username" and "password"`)
    return { username, password }
  }
}
