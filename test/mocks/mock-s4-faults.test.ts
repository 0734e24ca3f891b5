/**
 * The S/4 stand-in's gateway faults, set through `POST /$control`: probabilistic ones drawn
 * from a seeded PRNG (so a run is repeatable), requests held without an answer, and the
 * control API's count of documents per external reference. Plain HTTP, no SDK.
 */
import { eventually } from '../helpers/eventually'
import { NOTIFICATIONS, startStandIn } from '../helpers/s4-stand-in'

let standIn: Awaited<ReturnType<typeof startStandIn>>

beforeAll(async () => {
  standIn = await startStandIn()
})

afterAll(() => standIn.stop())

beforeEach(async () => {
  expect((await standIn.client.reset()).status).toBe(204)
})

const posts = async () => ((await standIn.client.state()).requests as { method: string; status: number | null; abandoned: boolean }[]).filter(r => r.method === 'POST')

/** The statuses of `count` creates in a row, each with its own reference */
async function statusesOfCreates(count: number) {
  const statuses: number[] = []
  for (let i = 0; i < count; i++) statuses.push((await standIn.client.createNotification({ NotificationText: `try ${i}`, MaintNotifExtReferenceNumber: `R-${i}` })).status)
  return statuses
}

describe('probabilistic faults', () => {
  it('failRate answers 503 and stores nothing, in the same pattern for the same seed', async () => {
    await standIn.client.configure({ failRate: 50, seed: 42 })
    const first = await statusesOfCreates(20)
    expect(new Set(first)).toEqual(new Set([201, 503]))
    expect((await standIn.client.state()).notifications).toHaveLength(first.filter(status => status === 201).length)

    await standIn.client.reset()
    await standIn.client.configure({ failRate: 50, seed: 42 })
    expect(await statusesOfCreates(20)).toEqual(first)
  })

  it('hangRate answers nothing: the request stays open until the client gives up', async () => {
    await standIn.client.configure({ hangRate: 100 })
    await expect(standIn.client.call('GET', `${NOTIFICATIONS}/MaintenanceNotification`, { signal: AbortSignal.timeout(300) })).rejects.toThrow()
    await eventually(async () => expect((await standIn.client.state()).requests).toEqual([expect.objectContaining({ method: 'GET', status: null, abandoned: true })]))
  })

  it('loseResponseRate stores the create, then drops the connection unanswered', async () => {
    await standIn.client.configure({ loseResponseRate: 100 })
    await expect(standIn.client.createNotification({ NotificationText: 'lost', MaintNotifExtReferenceNumber: 'LOST-1' })).rejects.toThrow()
    expect(await standIn.client.references()).toEqual({ notifications: { 'LOST-1': 1 }, purchaseRequisitions: {} })
    // the stand-in closed it, not the client
    expect(await posts()).toEqual([expect.objectContaining({ status: null, abandoned: false })])
  })

  it('commitLateRate holds the create unanswered and commits it after commitLateMs, though the client gave up', async () => {
    await standIn.client.configure({ commitLateRate: 100, commitLateMs: 600 })
    const attempt = standIn.client.createNotification({ NotificationText: 'slow commit', MaintNotifExtReferenceNumber: 'LATE-1' }, AbortSignal.timeout(200))
    await expect(attempt).rejects.toThrow()
    expect((await standIn.client.state()).notifications).toEqual([])
    await eventually(async () => expect(await posts()).toEqual([expect.objectContaining({ status: null, abandoned: true })]))
    await eventually(async () => expect((await standIn.client.references()).notifications).toEqual({ 'LATE-1': 1 }))
  })

  it('refuses rates outside 0–100 and anything but integers, changing nothing', async () => {
    for (const settings of [{ failRate: 101 }, { hangRate: -1 }, { loseResponseRate: 0.5 }, { commitLateRate: '10' }, { commitLateMs: 600_001 }, { seed: -1 }]) {
      const answer = await standIn.client.configure(settings)
      expect(answer.status).toBe(400)
      expect(answer.body.error.code).toBe('S4MOCK/CONTROL')
    }
    expect((await standIn.client.state()).faults).toMatchObject({ failRate: 0, hangRate: 0, loseResponseRate: 0, commitLateRate: 0, seed: 1 })
  })
})

describe('documents per external reference', () => {
  it('counts notifications by MaintNotifExtReferenceNumber, so a test can assert there are no duplicates', async () => {
    for (const reference of ['A-1', 'A-1', 'B-2']) await standIn.client.createNotification({ NotificationText: 'x', MaintNotifExtReferenceNumber: reference })
    expect(await standIn.client.references()).toEqual({ notifications: { 'A-1': 2, 'B-2': 1 }, purchaseRequisitions: {} })
  })
})
