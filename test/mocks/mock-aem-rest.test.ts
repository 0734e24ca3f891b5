import { Events } from '#cds-models/e2ba'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publisher, queueState } from '../helpers/publish'
import { serve } from '../helpers/server'

const server = serve()

/** A raw POST to the mock broker's AEM REST interface */
const post = (path: string, body: string, headers: Record<string, string> = {}, auth: { username: string; password: string } | null = publisher) =>
  server.POST(`/mock/aem${path}`, body, {
    ...(auth && { auth }),
    headers: { 'content-type': 'application/json', ...headers },
    validateStatus: () => true,
  })

describe('the mock broker speaks AEM REST', () => {
  it('asks for basic credentials (401) and spools nothing without them', async () => {
    const event = anomalyEvent()
    const before = await queueState(server)
    const res = await post('/TOPIC/sitewise/anomaly/test', JSON.stringify(event), { 'Solace-Message-ID': event.id }, null)
    expect(res.status).toBe(401)
    expect(res.headers['www-authenticate']).toMatch(/^Basic/)
    expect((await post('/TOPIC/sitewise/anomaly/test', '{}', {}, { username: 'publisher', password: 'wrong' })).status).toBe(401)
    expect(await queueState(server)).toMatchObject({ depth: before?.depth, deadMessageQueue: before?.deadMessageQueue })
    expect(await SELECT.one.from(Events).where({ eventId: event.id })).toBeUndefined()
  })

  it('delivers a message published straight to the queue, which is then consumed and stored', async () => {
    const queue = (await queueState(server))?.name as string
    const event = anomalyEvent()
    const res = await post(`/QUEUE/${encodeURIComponent(queue)}`, JSON.stringify(event), { 'Solace-Delivery-Mode': 'persistent', 'Solace-Message-ID': event.id })
    expect(res.status).toBe(200)
    await eventually(async () => {
      const stored = await SELECT.one.from(Events).where({ eventId: event.id })
      if (!stored) throw new Error('not stored yet')
    })
  })

  it.each<[string, string, Record<string, string>, number]>([
    ['an unknown queue', '/QUEUE/no/such/queue', {}, 404],
    ['an unknown delivery mode', '/TOPIC/sitewise/anomaly/test', { 'Solace-Delivery-Mode': 'carrier-pigeon' }, 400],
  ])('refuses %s', async (_, path, headers, status) => {
    expect((await post(path, JSON.stringify(anomalyEvent()), headers)).status).toBe(status)
  })
})
