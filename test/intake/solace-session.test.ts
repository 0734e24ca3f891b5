import { EventEmitter } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import solace from 'solclientjs'
import { flowProperties } from '../../srv/intake/guaranteed-messaging'
import { connectSolace } from '../../srv/intake/solace-session'

/** A solclientjs session that comes up at once and records what the consumer asks of it */
class FakeSession extends EventEmitter {
  properties: Record<string, unknown>
  readonly tokenUpdates: unknown[] = []
  readonly flows: unknown[] = []
  disconnected = false
  constructor(properties: Record<string, unknown>) {
    super()
    this.properties = properties
  }
  connect() {
    setImmediate(() => this.emit(String(solace.SessionEventCode.UP_NOTICE)))
  }
  updateAuthenticationOnReconnect(update: unknown) {
    this.tokenUpdates.push(update)
  }
  createMessageConsumer(properties: unknown) {
    this.flows.push(properties)
    return new EventEmitter()
  }
  disconnect() {
    this.disconnected = true
  }
  /** solclientjs session events are numbers; EventEmitter keys are strings */
  override on(event: string | symbol | number, listener: (...args: any[]) => void) {
    return super.on(typeof event === 'number' ? String(event) : event, listener)
  }
}

let sessions: FakeSession[] = []
let tokens = 0
let tokenServer: http.Server
let tokenEndpoint: string

beforeAll(async () => {
  jest.spyOn(solace.SolclientFactory, 'createSession').mockImplementation(properties => {
    const session = new FakeSession(properties as unknown as Record<string, unknown>)
    sessions.push(session)
    return session as unknown as solace.Session
  })
  tokenServer = http.createServer((req, res) => {
    let body = ''
    req.on('data', chunk => (body += String(chunk)))
    req.on('end', () => {
      const form = new URLSearchParams(body)
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== 'secret') return res.writeHead(401).end()
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `token-${++tokens}` }))
    })
  })
  await new Promise<void>(resolve => tokenServer.listen(0, '127.0.0.1', resolve))
  tokenEndpoint = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/oauth/token`
})

afterAll(() => {
  tokenServer.close()
  jest.restoreAllMocks()
})

beforeEach(() => {
  sessions = []
})

describe('connectSolace', () => {
  it('connects with basic credentials and binds flows with client acknowledgement and negative outcomes', async () => {
    const { createFlow, close } = await connectSolace({ url: 'wss://aem:443', vpn: 'plant', username: 'u', password: 'p' }, { reconnectRetries: -1 })
    const session = sessions[0] as FakeSession
    expect(session.properties).toMatchObject({ url: 'wss://aem:443', vpnName: 'plant', userName: 'u', password: 'p', authenticationScheme: solace.AuthenticationScheme.BASIC, reconnectRetries: -1 })
    createFlow(flowProperties('e2ba/anomalies', 255))
    expect(session.flows).toEqual([
      {
        queueDescriptor: { name: 'e2ba/anomalies', type: solace.QueueType.QUEUE },
        acknowledgeMode: solace.MessageConsumerAcknowledgeMode.CLIENT,
        requiredSettlementOutcomes: [solace.MessageOutcome.FAILED, solace.MessageOutcome.REJECTED],
        windowSize: 255,
      },
    ])
    close()
    expect(session.disconnected).toBe(true)
  })

  it('fetches an OAuth token by client credentials, and a fresh one before every reconnect', async () => {
    await connectSolace({ url: 'wss://aem:443', vpn: 'plant', tokenEndpoint, clientId: 'app', clientSecret: 'secret' }, { reconnectRetries: -1 })
    const session = sessions[0] as FakeSession
    expect(session.properties).toMatchObject({ authenticationScheme: solace.AuthenticationScheme.OAUTH2, accessToken: 'token-1' })
    expect(session.properties).not.toHaveProperty('password')

    session.emit(String(solace.SessionEventCode.RECONNECTING_NOTICE))
    await new Promise(resolve => setTimeout(resolve, 200))
    expect(session.tokenUpdates).toEqual([{ accessToken: 'token-2' }])
  })

  it('fails to start when the broker refuses the connection', async () => {
    jest.spyOn(FakeSession.prototype, 'connect').mockImplementationOnce(function (this: FakeSession) {
      setImmediate(() => this.emit(String(solace.SessionEventCode.CONNECT_FAILED_ERROR), { infoStr: '401 Unauthorized' }))
    })
    await expect(connectSolace({ url: 'wss://aem:443', vpn: 'plant', username: 'u', password: 'wrong' }, { reconnectRetries: 0 })).rejects.toThrow(/cannot connect to AEM at wss:\/\/aem:443: 401 Unauthorized/)
  })
})
