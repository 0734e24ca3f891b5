import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { generate } from 'selfsigned'

/** The app's XSUAA instance as the stand-in names it (the broker's instance has a client of its own) */
export const XSAPPNAME = 'events-to-business-actions!t7'
const CLIENT_ID = 'sb-events-to-business-actions!t7'
export const BROKER_CLIENT_ID = 'sb-events-to-business-actions-broker!t7'
const ZONE = 'e2ba-test-zone'
const KID = 'e2ba-test-key'

export interface TokenRequest {
  /** scope names without the xsappname, e.g. 'Admin' */
  scopes: string[]
  /** a user's token (authorization code), or a client's (client credentials) */
  user?: string
  clientId?: string
  expiresInSeconds?: number
}

/**
 * XSUAA as far as `@sap/xssec` meets it when it validates tokens: the token keys (JWKS) over
 * HTTPS at https://{uaadomain}/token_keys, with a certificate the server process trusts
 * through NODE_EXTRA_CA_CERTS. Tokens are RS256, signed with a key made for this run, so the
 * server checks them exactly as it checks real ones.
 */
export async function startXsuaaStandIn(directory: string, secret: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }
  const tls = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  })
  const caFile = path.join(directory, 'xsuaa-ca.pem')
  writeFileSync(caFile, tls.cert)

  const server = https.createServer({ key: tls.private, cert: tls.cert }, (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/token_keys')) {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ keys: [jwk] }))
    } else res.writeHead(404).end()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `https://127.0.0.1:${port}`

  const credentials = {
    clientid: CLIENT_ID,
    clientsecret: secret,
    xsappname: XSAPPNAME,
    url,
    uaadomain: `127.0.0.1:${port}`,
    identityzone: ZONE,
    identityzoneid: ZONE,
    tenantid: ZONE,
    tenantmode: 'dedicated',
  }

  return {
    caFile,
    credentials,
    token: (request: TokenRequest) => signToken(privateKey, url, request),
    /** a token signed by a key the stand-in never published */
    forgedToken: (request: TokenRequest) => signToken(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, url, request),
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}

function signToken(key: KeyObject, url: string, request: TokenRequest) {
  const now = Math.floor(Date.now() / 1000)
  const clientId = request.clientId ?? CLIENT_ID
  const scopes = request.scopes.map(scope => `${XSAPPNAME}.${scope}`)
  const payload = {
    jti: randomUUID(),
    iss: `${url}/oauth/token`,
    zid: ZONE,
    ext_attr: { enhancer: 'XSUAA', zdn: ZONE },
    cid: clientId,
    client_id: clientId,
    azp: clientId,
    ...(request.user
      ? { grant_type: 'authorization_code', user_name: request.user, user_id: request.user, origin: 'sap.default', email: `${request.user}@example.com`, sub: request.user }
      : { grant_type: 'client_credentials', sub: clientId }),
    scope: scopes,
    // XSUAA names the audiences the scopes belong to, plus the client itself
    aud: [...new Set([clientId, ...(scopes.length ? [XSAPPNAME] : [])])],
    iat: now,
    exp: now + (request.expiresInSeconds ?? 600),
  }
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: KID, jku: `${url}/token_keys` })}.${encode(payload)}`
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`
}
