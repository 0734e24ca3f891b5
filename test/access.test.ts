import cds from '@sap/cds'
import { Events } from '#cds-models/e2ba'
import { eventRow } from './factories/events'
import { ADMIN, as, createViaDraft, MONITORING, serve, type User } from './helpers/server'

const server = serve()

describe('access: who may do what', () => {
  const stored = eventRow()

  beforeAll(async () => {
    await cds.run(INSERT.into(Events).entries(stored))
  })

  describe.each<[string, string]>([
    ['admin service', `${ADMIN}/Rules`],
    ['monitoring service', `${MONITORING}/Events`],
  ])('anonymous on the %s', (_, url) => {
    it('is asked to authenticate (401)', async () => {
      const res = await server.GET(url, as('anonymous'))
      expect(res.status).toBe(401)
    })
  })

  it.each<User>(['viewer', 'admin'])('%s reads the monitoring service and sees stored events', async user => {
    const res = await server.GET(`${MONITORING}/Events?$filter=eventId eq '${stored.eventId}'`, as(user))
    expect(res.status).toBe(200)
    expect(res.data.value).toEqual([expect.objectContaining({ eventId: stored.eventId, status_code: 'RECEIVED' })])
  })

  it.each<[User, string]>([
    ['viewer', 'Rules'],
    ['viewer', 'Actions'],
    ['viewer', 'Chains'],
    ['broker', 'Rules'],
  ])('%s may not read %s (403)', async (user, entitySet) => {
    const res = await server.GET(`${ADMIN}/${entitySet}`, as(user))
    expect(res.status).toBe(403)
  })

  it.each<[string, object]>([
    ['Rules', { name: 'viewer rule', priority: 777, outcome_code: 'CHAIN' }],
    ['Actions', { name: 'viewer action', kind_code: 'HTTP' }],
  ])('viewer may not create %s (403) and nothing is created', async (entitySet, data) => {
    const res = await server.POST(`${ADMIN}/${entitySet}`, data, as('viewer'))
    expect(res.status).toBe(403)
    const admins = await server.GET(`${ADMIN}/${entitySet}?$filter=startswith(name,'viewer')`, as('admin'))
    expect(admins.data.value).toEqual([])
  })

  it('viewer may not change a seeded rule (403)', async () => {
    const rule = `${ADMIN}/Rules(ID=0e000000-0000-4000-8000-000000000001,IsActiveEntity=true)`
    const res = await server.POST(`${rule}/AdminService.draftEdit`, {}, as('viewer'))
    expect(res.status).toBe(403)
  })

  it('nobody writes to the monitoring service, not even an admin', async () => {
    const res = await server.POST(`${MONITORING}/Events`, eventRow(), as('admin'))
    expect(res.status).toBe(405)
    const del = await server.DELETE(`${MONITORING}/Events(${stored.ID})`, as('admin'))
    expect(del.status).toBe(405)
    expect(await cds.run(SELECT.one.from(Events).where({ ID: stored.ID }))).toBeTruthy()
  })

  it('the intake user cannot read the monitoring service (403)', async () => {
    const res = await server.GET(`${MONITORING}/Events`, as('broker'))
    expect(res.status).toBe(403)
  })

  it('admin creates a rule through a draft and finds it in the decision table', async () => {
    const res = await createViaDraft(server, 'Rules', {
      name: 'Pump vibration in Palo Alto',
      priority: 60,
      assetPattern: '/Plant1710/*/Pump*',
      measurement_code: 'vibration',
      minSeverity_code: 'WARNING',
      outcome_code: 'CHAIN',
      chain_ID: '0c000000-0000-4000-8000-000000000002',
    })
    expect(res.status).toBe(201)
    const list = await server.GET(`${ADMIN}/Rules?$filter=IsActiveEntity eq true&$orderby=priority&$select=name,priority`, as('admin'))
    const names = list.data.value.map((r: { name: string }) => r.name)
    expect(names).toContain('Pump vibration in Palo Alto')
    expect(names.indexOf('Pump vibration in Palo Alto')).toBeGreaterThan(names.indexOf('Bad sensor data: maintenance request'))
  })

  it('admin creates an action through a draft', async () => {
    const res = await createViaDraft(server, 'Actions', {
      name: 'Notify the reliability team',
      kind_code: 'HTTP',
      destination: 'RELIABILITY_WEBHOOK',
      path: '/alerts',
      method_code: 'POST',
      payloadTemplate: '{"asset": ${{event.data.assetName}}}',
    })
    expect(res.status).toBe(201)
    expect(res.data).toMatchObject({ name: 'Notify the reliability team', kind_code: 'HTTP', IsActiveEntity: true, createdBy: 'admin' })
  })
})
