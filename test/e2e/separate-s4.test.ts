/**
 * S/4 in a process of its own (`npm run s4`), as benchmarks and chaos runs use it: the app
 * reaches it through its S4HANA destination once `cds.requires.mocks.s4.url` names it, and
 * under injected gateway faults every incident still gets exactly one notification.
 */
import { randomUUID } from 'node:crypto'
import { Actions, Events } from '#cds-models/e2ba'
import { anomalyEvent, MOTOR_1 } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publish } from '../helpers/publish'
import { startS4Process } from '../helpers/s4-process'
import { serve } from '../helpers/server'

let s4: Awaited<ReturnType<typeof startS4Process>>

// before the app starts (its hooks run after this one): the mocks plugin reads the setting at bootstrap
beforeAll(async () => {
  s4 = await startS4Process()
  process.env.CDS_REQUIRES_MOCKS_S4_URL = s4.url
}, 60_000)

const server = serve()

afterAll(async () => {
  delete process.env.CDS_REQUIRES_MOCKS_S4_URL
  await s4.stop()
})

beforeEach(async () => {
  await s4.client.reset()
})

const done = (eventId: string) =>
  eventually(async () => {
    const row = await SELECT.one.from(Events).where({ eventId })
    if (row?.status_code !== 'DONE') throw new Error(`event is ${row?.status_code ?? 'not stored'}: ${row?.statusReason ?? ''}`)
  }, 60_000)

describe('S/4 stand-in in a process of its own', () => {
  it('serves the S4HANA destination; the app mounts no stand-in of its own', async () => {
    expect((await server.GET('/mock/s4/$control/state', { validateStatus: () => true })).status).toBe(404)
    const event = anomalyEvent({ assetId: randomUUID(), assetName: MOTOR_1.assetName })
    expect((await publish(server, event)).status).toBe(200)
    await done(event.id)
    const { notifications } = await s4.client.state()
    expect(notifications).toEqual([expect.objectContaining({ NotificationType: 'M2', MaintPriority: '1' })])
  }, 90_000)

  it('creates exactly one notification per incident while the gateway fails, loses answers and commits late', async () => {
    await s4.client.configure({ seed: 7, failRate: 25, loseResponseRate: 25, commitLateRate: 20, commitLateMs: 300 })
    // this stand-in commits a late create within 300 ms: a retry need not wait the seeded minute for it
    await UPDATE(Actions, '0a000000-0000-4000-8000-000000000002').with({ commitWindowSeconds: 1 })
    const events = Array.from({ length: 6 }, () => anomalyEvent({ assetId: randomUUID(), assetName: MOTOR_1.assetName }))
    for (const event of events) expect((await publish(server, event)).status).toBe(200)
    for (const event of events) await done(event.id)

    const { notifications } = await s4.client.references()
    expect(Object.values(notifications)).toEqual(events.map(() => 1))
    const faulted = (await s4.client.state()).requests.filter((r: { method: string; status: number | null }) => r.method === 'POST' && r.status !== 201)
    expect(faulted.length).toBeGreaterThan(0)
  }, 120_000)
})
