/**
 * Generated malformed input at every entry point of the processor, through HTTP: the webhook,
 * the queue (published over the mock broker's REST interface and consumed as from AEM), the
 * mock broker's REST interface itself, and the admins' payload templates. Nothing crashes,
 * nothing is left unsettled or retried, each refusal carries its reason, and a valid event
 * sent alongside is processed as usual. `npm run test:fuzz` runs 1,000 cases per entry point.
 */
import { randomUUID } from 'node:crypto'
import { Events } from '#cds-models/e2ba'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publisher, queueState } from '../helpers/publish'
import { ADMIN, as, createViaDraft, serve } from '../helpers/server'
import { FUZZ_CASES, mutations, random } from './mutations'

const server = serve()
const unhandled: unknown[] = []
const figures: Record<string, Record<string, number>> = {}

const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => process.on('unhandledRejection', onUnhandled))
afterAll(() => {
  process.off('unhandledRejection', onUnhandled)
  process.stdout.write(`\nfuzzed entry points (${FUZZ_CASES} cases each), outcomes:\n${JSON.stringify(figures, null, 1)}\n`)
})

const count = (entry: string, outcome: string | number) => {
  const row = (figures[entry] ??= {})
  row[outcome] = (row[outcome] ?? 0) + 1
}
const raw = (body: Buffer, headers: Record<string, string> = {}) => ({ headers: { 'content-type': 'application/json', ...headers }, validateStatus: () => true, transformRequest: [(data: unknown) => data] })

describe('fuzzing the entry points', () => {
  it('the webhook answers every malformed message with 200 or a 4xx that says why, never 5xx', async () => {
    const refused: string[] = []
    for (const { kind, body } of mutations(anomalyEvent(), FUZZ_CASES, 1)) {
      const res = await server.POST('/intake/events', body, { ...as('broker'), ...raw(body) })
      count('webhook', res.status)
      const reason = res.data?.error?.message
      if (res.status >= 500 || (res.status !== 200 && !(typeof reason === 'string' && reason.length))) refused.push(`${kind}: ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`)
    }
    expect(refused).toEqual([])
    const valid = anomalyEvent({ assetId: randomUUID() })
    expect(await server.POST('/intake/events', valid, as('broker'))).toMatchObject({ status: 200, data: { status: 'ACCEPTED' } })
  })

  it('the queue settles every malformed message once: stored, or rejected to the DMQ with its reason; none redelivered', async () => {
    const before = (await queueState(server)) as NonNullable<Awaited<ReturnType<typeof queueState>>>
    const cases = mutations(anomalyEvent(), FUZZ_CASES, 2)
    for (const [i, { body }] of cases.entries()) {
      const res = await server.POST('/mock/aem/TOPIC/sitewise/anomaly/fuzz', body, {
        auth: publisher,
        ...raw(body, { 'Solace-Delivery-Mode': 'persistent', 'Solace-Message-ID': `fuzz-${i}` }),
      })
      expect(res.status).toBe(200)
    }
    const valid = anomalyEvent({ assetId: randomUUID() })
    await server.POST('/mock/aem/TOPIC/sitewise/anomaly/fuzz', JSON.stringify(valid), { auth: publisher, headers: { 'content-type': 'application/json', 'Solace-Delivery-Mode': 'persistent' } })

    const after = await eventually(async () => {
      const state = (await queueState(server)) as typeof before
      expect(state).toMatchObject({ depth: 0, unsettled: 0 })
      return state
    }, 120_000)
    const dead = after.deadMessageQueue.slice(before.deadMessageQueue.length)
    count('queue', `accepted ${after.accepted - before.accepted}`)
    count('queue', `rejected ${dead.length}`)
    expect(dead.filter(d => d.outcome !== 'REJECTED')).toEqual([])
    expect(after.accepted - before.accepted + dead.length).toBe(cases.length + 1)
    expect(after.delivered - before.delivered).toBe(cases.length + 1)
    // every rejection is stored with its reason
    const rejected = await SELECT.from(Events).columns('statusReason').where({ status_code: 'REJECTED', channel_code: 'QUEUE' })
    expect(rejected.filter(r => !r.statusReason)).toEqual([])
    await eventually(async () => expect(await SELECT.one.from(Events).columns('status_code').where({ eventId: valid.id })).toMatchObject({ status_code: 'DONE' }), 30_000)
  }, 300_000)

  it("the mock broker's REST interface answers malformed requests with 4xx, never 5xx", async () => {
    const r = random(3)
    const topics = ['TOPIC/sitewise/anomaly/x', 'TOPIC/', 'QUEUE/e2ba%2Fanomalies', 'QUEUE/unknown', 'TOPIC/%E2%82%AC/%00', `TOPIC/${'a/'.repeat(500)}`, 'TOPIC/../../etc', 'queues', 'TOPIC/a%ZZ']
    const modes = ['persistent', 'direct', 'non-persistent', 'PERSISTENT', 'guaranteed', '', '\u00ff']
    const failures: string[] = []
    for (const { kind, body } of mutations(anomalyEvent(), FUZZ_CASES, 4)) {
      const topic = r.pick(topics)
      const res = await server.POST(`/mock/aem/${topic}`, body, {
        auth: r.below(10) ? publisher : { username: 'publisher', password: r.pick(['', 'x', 'publisher ']) },
        ...raw(body, { 'Solace-Delivery-Mode': r.pick(modes), 'Solace-Message-ID': 'm'.repeat(r.below(2000)) }),
      })
      count('mock AEM REST', res.status)
      if (res.status >= 500) failures.push(`${kind} ${topic}: ${res.status}`)
    }
    expect(failures).toEqual([])
  }, 120_000)

  it('admin payload templates: every malformed one is refused with a reason naming the field, or stored; never 5xx', async () => {
    const r = random(5)
    const sample = { asset: 'A', severity: 'S', notification: 'N' }
    const placeholders = ['${{event.data.assetName}}', '${{main.notificationNumber}}', '${{', '}}', '${{__proto__}}', '${{constructor.prototype}}', '${{event.data.samples[0]}}', '${{' + 'a.'.repeat(500) + '}}']
    const failures: string[] = []
    for (const { kind, body } of mutations(sample, FUZZ_CASES, 6)) {
      const text = body.toString('latin1')
      const at = r.below(text.length + 1)
      const template = `${text.slice(0, at)}${r.pick(placeholders)}${text.slice(at)}`.slice(0, 5000)
      const res = await createViaDraft(server, 'Actions', { name: `fuzz ${randomUUID()}`, kind_code: 'HTTP', destination: 'FUZZ', path: '/x', method_code: 'POST', payloadTemplate: template })
      count('admin templates', res.status)
      const message = JSON.stringify(res.data?.error ?? '')
      if (res.status >= 500 || (res.status !== 201 && !/payloadTemplate|template|name|path/i.test(message))) failures.push(`${kind}: ${res.status} ${message.slice(0, 200)}`)
    }
    expect(failures).toEqual([])
    expect((await server.GET(`${ADMIN}/Actions?$top=1`, as('admin'))).status).toBe(200)
  }, 120_000)

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([])
  })
})
