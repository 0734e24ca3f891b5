import { Incidents } from '#cds-models/e2ba'
import { bpaDecision } from '../../srv/actions/bpa-decision'
import { StepFailure } from '../../srv/actions/executor'
import { httpCall } from '../../srv/actions/http-call'
import { s4MaintenanceNotification } from '../../srv/actions/s4-maintenance-notification'
import { s4PurchaseRequisition } from '../../srv/actions/s4-purchase-requisition'
import { anomalyEvent } from '../factories/events'
import { s4, webhookReceived } from '../helpers/mocks'
import { serve } from '../helpers/server'
import { ACTION, failureOf, stepContext } from '../helpers/step-context'

const server = serve()

beforeEach(async () => {
  await s4.reset(server)
})

describe('S/4 maintenance notification', () => {
  it('creates the notification the imported model describes, with CSRF token and cookie, and records its number on the incident', async () => {
    const context = await stepContext(ACTION.notificationM2, { outputs: { PRE: { 1: { summary: 'Bearing wear: vibration rose to 11.2 mm/s.', source: 'ai' } } } })
    const result = await s4MaintenanceNotification(context)

    const { notifications, requests } = await s4.state(server)
    expect(notifications).toHaveLength(1)
    const [created] = notifications
    expect(result.output).toEqual({ notificationNumber: created?.MaintenanceNotification, reused: false })
    expect(created).toMatchObject({
      NotificationText: 'Hamburg Line 1 Motor 1: Vibration high',
      NotificationType: 'M2',
      MaintPriority: '1',
      TechnicalObject: '10000001',
      TechObjIsEquipOrFuncnlLoc: 'EAMS_EQUI',
      MalfunctionStartTime: 'PT10H04M05S',
      MaintNotifExtReferenceNumber: expect.stringMatching(/^E2B-[0-9A-F]{16}$/),
      MaintNotifLongTextForEdit: expect.stringContaining('Bearing wear: vibration rose to 11.2 mm/s.'),
    })
    expect(String(created?.NotificationText).length).toBeLessThanOrEqual(40)
    expect(requests.filter(r => r.method === 'POST')).toEqual([expect.objectContaining({ csrfTokenSent: true, cookieSent: true })])
    // recorded on the incident with the step's success
    await result.record?.()
    const incident = await SELECT.one.from(Incidents, context.incident?.ID as string)
    expect(incident?.notificationNumber).toBe(created?.MaintenanceNotification)
  })

  it('describes the event in the long text when no summary came before', async () => {
    await s4MaintenanceNotification(await stepContext(ACTION.notificationM2))
    const [created] = (await s4.state(server)).notifications
    expect(created?.MaintNotifLongTextForEdit).toMatch(/Hamburg Line 1 Motor 1.*vibration.*CRITICAL.*11\.2 mm\/s.*7\.1 mm\/s/s)
  })

  it('fetches the CSRF token by GET when the server refuses HEAD', async () => {
    await s4.control(server, { refuseHead: 1 })
    await s4MaintenanceNotification(await stepContext(ACTION.notificationM2))
    const { notifications, requests } = await s4.state(server)
    expect(notifications).toHaveLength(1)
    const posts = requests.filter(r => r.method === 'POST')
    // the write without a token is refused (403 Required), the one after the GET handshake goes through
    expect(posts).toEqual([expect.objectContaining({ csrfTokenSent: false }), expect.objectContaining({ csrfTokenSent: true, cookieSent: true })])
    // the token comes from the service root, not from reading the whole entity set
    expect(requests.filter(r => r.method === 'GET').map(r => r.path)).toContain('/sap/opu/odata/sap/API_MAINTNOTIFICATION/')
  })

  it('creates no second notification after a lost response: the retry finds the first by its reference', async () => {
    const context = await stepContext(ACTION.notificationM2)
    await s4.control(server, { loseResponseNext: 1 })
    const failure = await failureOf(s4MaintenanceNotification(context))
    expect(failure).toBeInstanceOf(StepFailure)
    expect((failure as StepFailure).permanent).toBe(false)

    const retry = await s4MaintenanceNotification({ ...context, attempt: 2 })
    const { notifications } = await s4.state(server)
    expect(notifications).toHaveLength(1)
    expect(retry.output).toEqual({ notificationNumber: notifications[0]?.MaintenanceNotification, reused: true })
  })

  it('fails permanently for a destination that does not exist', async () => {
    const failure = await failureOf(s4MaintenanceNotification(await stepContext(ACTION.notificationM2, { changes: { destination: 'NOWHERE' } })))
    expect(failure).toMatchObject({ name: 'StepFailure', permanent: true })
  })
})

describe('S/4 purchase requisition', () => {
  it('creates header and item in one deep insert, once per incident', async () => {
    const context = await stepContext(ACTION.requisition)
    const first = await s4PurchaseRequisition(context)
    const again = await s4PurchaseRequisition({ ...context, attempt: 2 })

    const { purchaseRequisitions } = await s4.state(server)
    expect(purchaseRequisitions).toHaveLength(1)
    expect(first.output).toEqual({ purchaseRequisition: purchaseRequisitions[0]?.PurchaseRequisition, reused: false })
    expect(again.output).toEqual({ purchaseRequisition: purchaseRequisitions[0]?.PurchaseRequisition, reused: true })
    expect(purchaseRequisitions[0]?.to_PurchaseReqnItem?.results?.[0]).toMatchObject({ Material: 'BEARING-6205', Plant: '1010', PurchasingGroup: '001', BaseUnit: 'EA' })
  })

  it('creates no second requisition after a lost response: the retry finds the first by its description', async () => {
    const context = await stepContext(ACTION.requisition)
    await s4.control(server, { loseResponseNext: 1 })
    const failure = await failureOf(s4PurchaseRequisition(context))
    expect(failure).toMatchObject({ name: 'StepFailure', permanent: false })

    const retry = await s4PurchaseRequisition({ ...context, attempt: 2 })
    const { purchaseRequisitions } = await s4.state(server)
    expect(purchaseRequisitions).toHaveLength(1)
    expect(retry.output).toEqual({ purchaseRequisition: purchaseRequisitions[0]?.PurchaseRequisition, reused: true })
  })
})

describe('Build Process Automation decision', () => {
  it('reads the chain from the decision at the result path', async () => {
    const result = await bpaDecision(await stepContext(ACTION.decision))
    expect(result.output).toEqual({ chain: 'Malfunction report with AI summary', result: 'Malfunction report with AI summary' })
  })

  it('hands any result at the path to later steps, e.g. a lookup', async () => {
    const result = await bpaDecision(await stepContext(ACTION.decision, { changes: { resultPath: 'Result[0].ActionInfo' } }))
    expect(result.output).toEqual({ result: { ChainName: 'Malfunction report with AI summary' } })
  })

  it('fails permanently when the decision answers nothing at the path', async () => {
    const failure = await failureOf(bpaDecision(await stepContext(ACTION.decision, { changes: { resultPath: 'Result[0].Missing' } })))
    expect(failure).toMatchObject({ name: 'StepFailure', permanent: true, message: expect.stringContaining('answered nothing at Result[0].Missing') })
  })

  it('asks with the vocabulary of the event', async () => {
    const event = anomalyEvent({ measurement: 'temperature', severity: 'WARNING', unit: '°C' })
    const result = await bpaDecision(await stepContext(ACTION.decision, { event }))
    expect(result.output).toMatchObject({ chain: 'Maintenance request with AI summary' })
  })

  it('fails permanently for an unknown rule service', async () => {
    const failure = await failureOf(bpaDecision(await stepContext(ACTION.decision, { changes: { ruleServiceId: 'missing' } })))
    expect(failure).toMatchObject({ name: 'StepFailure', permanent: true, message: expect.stringContaining('404') })
  })
})

describe('generic HTTP action', () => {
  it('posts the rendered template with event values and earlier outputs intact', async () => {
    const nasty = 'Motor "7"\nline 2 \\ ${{event.id}}'
    const event = anomalyEvent({ assetName: nasty })
    const result = await httpCall(await stepContext(ACTION.webhook, { event, outputs: { MAIN: { 1: { notificationNumber: '10000042' } } } }))
    expect(result.output).toMatchObject({ status: 200 })
    const received = await webhookReceived(server)
    expect(received.at(-1)).toEqual({
      path: '/hooks/maintenance',
      body: { asset: nasty, alias: event.data.propertyAlias, severity: 'CRITICAL', notification: '10000042' },
    })
  })
})
