/**
 * The S/4 executors as CAP remote services against the stand-in, over HTTP: CAP builds and
 * encodes the look-ups, the step's deadline cancels the request itself (the stand-in sees the
 * client give up), and a create that got no answer says its outcome is unknown.
 */
import { StepFailure } from '../../srv/actions/executor'
import { s4MaintenanceNotification } from '../../srv/actions/s4-maintenance-notification'
import { s4PurchaseRequisition } from '../../srv/actions/s4-purchase-requisition'
import { servicePath } from '../../srv/actions/s4-service'
import type { ActionConfig } from '../../srv/actions/executor'
import { anomalyEvent, MOTOR_1 } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { s4 } from '../helpers/mocks'
import { serve } from '../helpers/server'
import { ACTION, failureOf, stepContext } from '../helpers/step-context'

const server = serve()

beforeEach(async () => {
  await s4.reset(server)
})

const requests = async (method: string) => (await s4.state(server)).requests.filter(r => r.method === method)

describe('look-ups built by CAP', () => {
  it.each(['Pump #3 & Co + 50% "quoted" \'single\'', 'Motor/7 ?x=1'])('finds the requisition again for an asset named %s', async assetName => {
    const event = anomalyEvent({ ...MOTOR_1, assetName })
    const context = await stepContext(ACTION.requisition, { event })
    const first = await s4PurchaseRequisition(context)
    const again = await s4PurchaseRequisition({ ...context, attempt: 2 })

    expect(again.output).toEqual({ purchaseRequisition: (first.output as { purchaseRequisition: string }).purchaseRequisition, reused: true })
    const { purchaseRequisitions } = await s4.references(server)
    expect(Object.values(purchaseRequisitions)).toEqual([1])
    expect(Object.keys(purchaseRequisitions)[0]).toContain(assetName.slice(0, 10))
    // the stand-in received the literal intact, quotes doubled as OData wants them
    const [lookup] = await requests('GET')
    expect(lookup?.query).toContain(`PurReqnDescription eq '${Object.keys(purchaseRequisitions)[0]?.replaceAll("'", "''")}'`)
  })

  it('reads the service path from Actions.path, and still accepts the collection path of older configurations', () => {
    const action = (path?: string) => ({ path }) as unknown as ActionConfig
    expect(servicePath(action(), 'API_MAINTNOTIFICATION')).toBe('/API_MAINTNOTIFICATION')
    expect(servicePath(action('/API_MAINTNOTIFICATION'), 'API_MAINTNOTIFICATION')).toBe('/API_MAINTNOTIFICATION')
    expect(servicePath(action('/API_MAINTNOTIFICATION/MaintenanceNotification'), 'API_MAINTNOTIFICATION')).toBe('/API_MAINTNOTIFICATION')
    expect(servicePath(action('/custom/API_PURCHASEREQ_PROCESS_SRV/A_PurchaseRequisitionHeader/'), 'API_PURCHASEREQ_PROCESS_SRV')).toBe('/custom/API_PURCHASEREQ_PROCESS_SRV')
  })
})

describe("the step's deadline", () => {
  it('closes the connection of a look-up that gets no answer: the stand-in sees the client give up', async () => {
    await s4.control(server, { hangRate: 100 })
    const started = Date.now()
    const failure = await failureOf(s4MaintenanceNotification(await stepContext(ACTION.notificationM2, { signal: AbortSignal.timeout(300) })))

    expect(failure).toBeInstanceOf(StepFailure)
    expect(failure).toMatchObject({ permanent: false, outcomeUnknown: false, message: expect.stringContaining('was cancelled') })
    expect(Date.now() - started).toBeLessThan(2000)
    await eventually(async () => expect(await requests('GET')).toEqual([expect.objectContaining({ status: null, abandoned: true })]), 2000)
  })

  it('cancels a create that is not answered in time and says its outcome is unknown; it commits later and the retry finds it', async () => {
    await s4.control(server, { commitLateRate: 100, commitLateMs: 1000 })
    const context = await stepContext(ACTION.notificationM2, { signal: AbortSignal.timeout(500) })
    const failure = await failureOf(s4MaintenanceNotification(context))

    expect(failure).toMatchObject({ name: 'StepFailure', permanent: false, outcomeUnknown: true, message: expect.stringMatching(/create of notification E2B-\w+ .*was cancelled/) })
    await eventually(async () => expect(await requests('POST')).toEqual([expect.objectContaining({ status: null, abandoned: true })]), 2000)

    // the stand-in commits after the client gave up: what the runner waits for before the next attempt
    await eventually(async () => expect(Object.values((await s4.references(server)).notifications)).toEqual([1]), 3000)
    await s4.control(server, { commitLateRate: 0 })
    const retry = await s4MaintenanceNotification({ ...context, attempt: 2, signal: new AbortController().signal })
    expect(retry.output).toMatchObject({ reused: true })
  })
})

describe('failed creates', () => {
  it('say the outcome is unknown when the connection dropped without an answer', async () => {
    await s4.control(server, { loseResponseNext: 1 })
    const failure = await failureOf(s4MaintenanceNotification(await stepContext(ACTION.notificationM2)))
    expect(failure).toMatchObject({ name: 'StepFailure', permanent: false, outcomeUnknown: true })
  })

  it.each<[number, boolean, 'notification' | 'requisition']>([
    [503, false, 'notification'],
    [429, false, 'notification'],
    [400, true, 'notification'],
    [403, true, 'notification'],
    [408, false, 'requisition'],
    [404, true, 'requisition'],
  ])('know the outcome when S/4 answered %i (permanent: %s), storing nothing (%s)', async (status, permanent, kind) => {
    await s4.control(server, { failNext: 1, status })
    const step = kind === 'notification' ? s4MaintenanceNotification(await stepContext(ACTION.notificationM2)) : s4PurchaseRequisition(await stepContext(ACTION.requisition))
    expect(await failureOf(step)).toMatchObject({ name: 'StepFailure', permanent, outcomeUnknown: false, message: expect.stringContaining(`answered ${status}`) })
    expect(await s4.references(server)).toEqual({ notifications: {}, purchaseRequisitions: {} })
  })

  it('fail permanently, with a known outcome, when the action names no destination', async () => {
    const failure = await failureOf(s4MaintenanceNotification(await stepContext(ACTION.notificationM2, { changes: { destination: null } })))
    expect(failure).toMatchObject({ name: 'StepFailure', permanent: true, outcomeUnknown: false, message: expect.stringContaining('names no destination') })
  })
})
