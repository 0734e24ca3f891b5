import cds from '@sap/cds'
import solace from 'solclientjs'
import type { FlowFactory } from './guaranteed-messaging'

const LOG = cds.log('consumer')

/** The `aem` service binding: the broker's SMF URL and VPN, with basic or OAuth credentials */
export interface AemCredentials {
  url: string
  vpn: string
  username?: string
  password?: string
  /** OAuth: a fixed token, or a client-credentials grant at tokenEndpoint (refreshed on every reconnect) */
  accessToken?: string
  tokenEndpoint?: string
  clientId?: string
  clientSecret?: string
}

let initialised = false

/**
 * Connects a solclientjs session to AEM and returns the factory for consumer flows.
 * Reconnects by itself; with OAuth the token is fetched anew before each reconnect, since a
 * long-lived session outlives its token.
 */
export async function connectSolace(credentials: AemCredentials, options: { reconnectRetries: number }): Promise<{ createFlow: FlowFactory; close: () => void }> {
  if (!initialised) {
    solace.SolclientFactory.init({ profile: solace.SolclientFactoryProfiles.version10_5 } as solace.SolclientFactoryProperties)
    initialised = true
  }
  const oauth = Boolean(credentials.accessToken ?? credentials.tokenEndpoint)
  const session = solace.SolclientFactory.createSession({
    url: credentials.url,
    vpnName: credentials.vpn,
    ...(oauth
      ? { authenticationScheme: solace.AuthenticationScheme.OAUTH2, accessToken: await accessToken(credentials) }
      : { authenticationScheme: solace.AuthenticationScheme.BASIC, userName: credentials.username, password: credentials.password }),
    reconnectRetries: options.reconnectRetries,
    connectRetries: 3,
  })

  if (oauth) {
    session.on(solace.SessionEventCode.RECONNECTING_NOTICE, () => {
      accessToken(credentials).then(
        token => {
          session.updateAuthenticationOnReconnect({ accessToken: token })
        },
        (error: unknown) => LOG.error('could not refresh the AEM token:', (error as Error).message),
      )
    })
  }
  session.on(solace.SessionEventCode.RECONNECTED_NOTICE, () => LOG.info('reconnected to AEM'))
  session.on(solace.SessionEventCode.DISCONNECTED, () => LOG.info('disconnected from AEM'))

  await new Promise<void>((resolve, reject) => {
    session.on(solace.SessionEventCode.UP_NOTICE, () => {
      resolve()
    })
    session.on(solace.SessionEventCode.CONNECT_FAILED_ERROR, (event: solace.SessionEvent) => {
      reject(new Error(`cannot connect to AEM at ${credentials.url}: ${event.infoStr}`))
    })
    session.connect()
  })

  return {
    createFlow: properties => session.createMessageConsumer(properties),
    close: () => {
      session.disconnect()
    },
  }
}

/** A token never goes to a log: errors name the endpoint only */
async function accessToken(credentials: AemCredentials): Promise<string> {
  if (credentials.accessToken && !credentials.tokenEndpoint) return credentials.accessToken
  const response = await fetch(credentials.tokenEndpoint ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId ?? '', client_secret: credentials.clientSecret ?? '' }),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok) throw new Error(`token endpoint ${credentials.tokenEndpoint ?? ''} answered ${response.status}`)
  const { access_token: token } = (await response.json()) as { access_token?: string }
  if (!token) throw new Error(`token endpoint ${credentials.tokenEndpoint ?? ''} returned no access_token`)
  return token
}
