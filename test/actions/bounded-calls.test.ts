/**
 * Outbound calls are bounded: the step's deadline cancels the request itself (the other side
 * sees the connection close), and an answer beyond 1 MiB is refused instead of buffered.
 * Real HTTP against a local server, through a destination as in production.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { callDestination } from '../../srv/actions/destination-call'
import { MAX_RESPONSE_BYTES } from '../../srv/actions/request-bounds'
import { StepFailure, type ActionConfig } from '../../srv/actions/executor'
import { eventually } from '../helpers/eventually'

let server: http.Server
const seen: { path: string; closedAfterMs?: number }[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const started = Date.now()
    const entry: (typeof seen)[number] = { path: req.url ?? '' }
    seen.push(entry)
    res.on('close', () => {
      entry.closedAfterMs = Date.now() - started
    })
    if (req.url === '/huge') res.end(JSON.stringify({ pad: 'x'.repeat(2 * MAX_RESPONSE_BYTES) }))
    // '/hang': never answers, like an S/4 stuck in a long commit
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
})
