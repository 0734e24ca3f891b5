import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

/**
 * A stand-in for AEM's REST messaging interface on 127.0.0.1: records every request and
 * answers with the status the test chooses (200 by default), after an optional delay.
 */
export async function aemServer() {
  const received: Received[] = []
  let status: (request: Received) => number = () => 200
  let delayMs = 0
  let inFlight = 0
  let maxInFlight = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(request)
      setTimeout(() => {
        inFlight--
        res.statusCode = status(request)
        res.end()
      }, delayMs)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    events: () => received.map(r => JSON.parse(r.body)),
    respond(next: (request: Received) => number) {
      status = next
    },
    delay(ms: number) {
      delayMs = ms
    },
    get maxInFlight() {
      return maxInFlight
    },
    reset() {
      received.length = 0
      maxInFlight = 0
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}

export type AemServer = Awaited<ReturnType<typeof aemServer>>
