/**
 * Outbound calls are bounded: the step's deadline cancels the request itself (the other side
 * sees the connection close), and an answer beyond 1 MiB is refused instead of buffered.
 * Real HTTP against a local server, through a destination as in production.
 */
import cds from '@sap/cds'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { MaintenanceNotification } from '#cds-models/API_MAINTNOTIFICATION'
import { callDestination } from '../../srv/actions/destination-call'
import { StepFailure, type ActionConfig } from '../../srv/actions/executor'
import { MAX_RESPONSE_BYTES } from '../../srv/actions/request-bounds'
import { onS4 } from '../../srv/actions/s4-service'
import { eventually } from '../helpers/eventually'

let server: http.Server
const seen: { method?: string; path: string; closedAfterMs?: number }[] = []

beforeAll(async () => {
  // the app's model, as a served app has it: the typed entities of the imported S/4 APIs resolve against it
  cds.model = cds.compile.for.nodejs(await cds.load('*'))
  server = http.createServer((req, res) => {
    const started = Date.now()
    const entry: (typeof seen)[number] = { method: req.method, path: req.url ?? '' }
    seen.push(entry)
    res.on('close', () => {
      entry.closedAfterMs = Date.now() - started
    })
    if (req.url?.startsWith('/huge')) res.end(JSON.stringify({ pad: 'x'.repeat(2 * MAX_RESPONSE_BYTES) }))
    // the CSRF handshake of a remote service's create
    else if (req.method === 'HEAD') res.setHeader('x-csrf-token', 'token').end()
    // anything else ('/hang', …) is never answered, like an S/4 stuck in a long commit
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  process.env.destinations = JSON.stringify([{ name: 'LOCAL_TARGET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authentication: 'NoAuthentication' }])
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const action = { name: 'bounded', destination: 'LOCAL_TARGET' } as unknown as ActionConfig
const failureOf = async (run: Promise<unknown>) => {
  try {
    await run
  } catch (error) {
    return error as StepFailure
  }
  throw new Error('expected the call to fail')
}

describe('bounded outbound calls', () => {
  it("cancels the request itself when the step's deadline passes: the other side sees it closed", async () => {
    const signal = AbortSignal.timeout(300)
    const failure = await failureOf(callDestination({ action, signal }, { method: 'post', url: '/hang', data: { a: 1 } }))
    expect(failure).toBeInstanceOf(StepFailure)
    expect(failure).toMatchObject({ permanent: false, message: expect.stringMatching(/POST LOCAL_TARGET\/hang was cancelled/) })
    await eventually(() => expect(seen.find(s => s.path === '/hang')?.closedAfterMs).toBeLessThan(2000))
  })

  it('refuses an answer of more than 1 MiB, for good', async () => {
    const failure = await failureOf(callDestination({ action, signal: new AbortController().signal }, { method: 'get', url: '/huge' }))
    expect(failure).toMatchObject({ permanent: true, message: expect.stringMatching(/GET LOCAL_TARGET\/huge answered with more than 1048576 bytes/) })
  })

  it('refuses an oversized answer to a remote service query too', async () => {
    const remote = { ...action, path: '/huge' } as ActionConfig
    const lookup = onS4({ action: remote, signal: new AbortController().signal }, 'API_MAINTNOTIFICATION', { what: 'lookup' }, s4 => s4.run(SELECT.one.from(MaintenanceNotification)))
    const failure = await failureOf(lookup)
    expect(failure).toMatchObject({ permanent: true, message: expect.stringMatching(/lookup on LOCAL_TARGET\/huge answered with more than 1048576 bytes/) })
  })

  it("cancels a remote service's create at the step's deadline, its outcome unknown", async () => {
    const remote = { ...action, path: '/hang-remote' } as ActionConfig
    const create = onS4({ action: remote, signal: AbortSignal.timeout(300) }, 'API_MAINTNOTIFICATION', { what: 'create', write: true }, s4 =>
      s4.run(INSERT.into(MaintenanceNotification).entries({ NotificationText: 'x' })),
    )
    const failure = await failureOf(create)
    expect(failure).toMatchObject({ permanent: false, outcomeUnknown: true, message: expect.stringMatching(/create on LOCAL_TARGET\/hang-remote was cancelled/) })
    await eventually(() => expect(seen.find(s => s.path.startsWith('/hang-remote/MaintenanceNotification') && s.method === 'POST')?.closedAfterMs).toBeLessThan(2000))
  })
})
