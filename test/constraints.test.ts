import { ADMIN, as, createViaDraft, serve } from './helpers/server'

const server = serve()

const CHAIN_WARN = '0c000000-0000-4000-8000-000000000002'
const ACTION_BPA = '0a000000-0000-4000-8000-000000000005'
const ACTION_NOTIFY_M1 = '0a000000-0000-4000-8000-000000000003'

const validRule = (overrides: object = {}) => ({
  name: `rule ${Math.random()}`,
  priority: 100 + Math.floor(Math.random() * 9000),
  outcome_code: 'CHAIN',
  chain_ID: CHAIN_WARN,
  ...overrides,
})

/** The (target, code) pairs of an OData error, single or multiple */
const problems = (res: { data: { error?: { target?: string; code?: string; message?: string; details?: object[] } } }) => {
  const { error } = res.data
  const all = (error?.details ?? [error]) as { target?: string; code?: string; message?: string }[]
  return all.map(({ target, code, message }) => ({ target, code, message }))
}

/** CAP names the field as in/<field> for input checks and <field> for reference checks */
const fieldTarget = (field: string) => expect.stringMatching(new RegExp(`^(in/)?${field}$`))

describe('rules: the model rejects what cannot be decided', () => {
  it.each<[string, object, string, string | RegExp]>([
    ['a missing name', { name: null }, 'name', /missing value/i],
    ['a priority out of range', { priority: 0 }, 'priority', /between 1 and 9999/],
    ['a negative suppression window', { suppressionMinutes: -5 }, 'suppressionMinutes', /between 0 and 10080/],
    ['an unknown severity', { minSeverity_code: 'DISASTER' }, 'minSeverity_code', /doesn't exist/],
    ['an unknown chain', { chain_ID: '0c000000-0000-4000-8000-0000000000ff' }, 'chain_ID', /doesn't exist/],
    ['a chain outcome without a chain', { chain_ID: null }, 'chain_ID', 'A rule with outcome "Run chain" needs a chain.'],
    ['an inverted value range', { minValue: 9, maxValue: 3 }, 'maxValue', 'The maximum value must not be less than the minimum value.'],
    [
      'a delegation without a decision action',
      { outcome_code: 'DELEGATE_BPA', chain_ID: null },
      'decisionAction_ID',
      'A rule that delegates to a decision needs a decision action.',
    ],
    [
      'a decision action that is no decision',
      { outcome_code: 'DELEGATE_BPA', decisionAction_ID: ACTION_NOTIFY_M1 },
      'decisionAction_ID',
      'The decision action must be of kind BPA_DECISION.',
    ],
  ])('rejects %s with 400 naming the field', async (_, change, target, message) => {
    const res = await createViaDraft(server, 'Rules', validRule(change))
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ target: fieldTarget(target), message: expect.stringMatching(message) }))
  })

  it('rejects a second rule with the same priority: the decision table has one order', async () => {
    const res = await createViaDraft(server, 'Rules', validRule({ priority: 10 }))
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ code: 'UNIQUE_CONSTRAINT_VIOLATION', target: 'in/priority' }))
  })

  it('accepts a delegation to a decision action', async () => {
    const res = await createViaDraft(server, 'Rules', validRule({ outcome_code: 'DELEGATE_BPA', chain_ID: null, decisionAction_ID: ACTION_BPA }))
    expect(res.status).toBe(201)
    expect(res.data).toMatchObject({ outcome_code: 'DELEGATE_BPA', decisionAction_ID: ACTION_BPA })
  })

  it('shows the problems as draft messages while the admin edits', async () => {
    const draft = await server.POST(`${ADMIN}/Rules`, validRule(), as('admin'))
    const key = `(ID=${draft.data.ID},IsActiveEntity=false)`
    const patch = await server.PATCH(`${ADMIN}/Rules${key}`, { minValue: 10, maxValue: 1 }, as('admin'))
    expect(patch.status).toBe(200)
    const res = await server.GET(`${ADMIN}/Rules${key}`, as('admin'))
    expect(res.data.DraftMessages).toContainEqual(expect.objectContaining({ code: 'RULE_VALUE_RANGE', target: expect.stringMatching(/maxValue$/) }))
  })
})

describe('actions: kind-specific settings are required for their kind', () => {
  const notification = {
    kind_code: 'S4_MAINTENANCE_NOTIFICATION',
    destination: 'S4HANA',
    path: '/API_MAINTNOTIFICATION/MaintenanceNotification',
    notificationType_code: 'M2',
    priority_code: '1',
  }

  it.each<[string, object, object, string]>([
    ['a notification without its type', notification, { notificationType_code: null }, 'notificationType_code'],
    ['a notification without a priority', notification, { priority_code: null }, 'priority_code'],
    ['a notification without a destination', notification, { destination: null }, 'destination'],
    ['a destination name with spaces', notification, { destination: 'S4 HANA' }, 'destination'],
    ['a path that is not relative to the destination', notification, { path: 'https://evil.example/x' }, 'path'],
    ['a requisition without a material', { kind_code: 'S4_PURCHASE_REQUISITION', destination: 'S4HANA', path: '/pr', quantity: 1 }, {}, 'material'],
    ['a requisition of nothing', { kind_code: 'S4_PURCHASE_REQUISITION', destination: 'S4HANA', path: '/pr', material: 'M1' }, { quantity: 0 }, 'quantity'],
    ['a decision without its rule service', { kind_code: 'BPA_DECISION', destination: 'BPA', path: '/v2/rule-services', resultPath: 'Result[0]' }, {}, 'ruleServiceId'],
    ['an AI summary without a model', { kind_code: 'AI_SUMMARY' }, {}, 'model'],
    ['an unknown kind', { kind_code: 'FAX' }, {}, 'kind_code'],
  ])('rejects %s with 400 naming the field', async (_, base, change, target) => {
    const res = await createViaDraft(server, 'Actions', { name: `action ${Math.random()}`, ...base, ...change })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ target: fieldTarget(target) }))
  })

  it('accepts a complete notification action', async () => {
    const res = await createViaDraft(server, 'Actions', { name: 'M2 for pumps', ...notification })
    expect(res.status).toBe(201)
  })
})

describe('chains: exactly one main action, explicitly ordered', () => {
  const AI = '0a000000-0000-4000-8000-000000000001'
  const M1 = ACTION_NOTIFY_M1

  it('rejects a chain without a main action', async () => {
    const res = await createViaDraft(server, 'Chains', { name: 'only a summary', steps: [{ phase_code: 'PRE', position: 1, action_ID: AI }] })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ target: 'in/steps', code: 'CHAIN_MAIN_REQUIRED' }))
  })

  it('rejects a second main action', async () => {
    const res = await createViaDraft(server, 'Chains', {
      name: 'two mains',
      steps: [
        { phase_code: 'MAIN', position: 1, action_ID: M1 },
        { phase_code: 'MAIN', position: 2, action_ID: AI },
      ],
    })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ code: 'CHAIN_ONE_MAIN' }))
  })

  it('rejects two steps at the same place', async () => {
    const res = await createViaDraft(server, 'Chains', {
      name: 'ambiguous order',
      steps: [
        { phase_code: 'PRE', position: 1, action_ID: AI },
        { phase_code: 'PRE', position: 1, action_ID: M1 },
        { phase_code: 'MAIN', position: 1, action_ID: M1 },
      ],
    })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ code: 'UNIQUE_CONSTRAINT_VIOLATION' }))
  })

  it('accepts pre-actions, one main action and post-actions, and keeps their order', async () => {
    const res = await createViaDraft(server, 'Chains', {
      name: 'summary twice, then request',
      steps: [
        { phase_code: 'PRE', position: 2, action_ID: AI },
        { phase_code: 'PRE', position: 1, action_ID: AI },
        { phase_code: 'MAIN', position: 1, action_ID: M1 },
      ],
    })
    expect(res.status).toBe(201)
    const steps = await server.GET(
      `${ADMIN}/Chains(ID=${res.data.ID},IsActiveEntity=true)/steps?$orderby=phase/sequence,position&$select=phase_code,position`,
      as('admin'),
    )
    expect(steps.data.value.map((s: { phase_code: string; position: number }) => `${s.phase_code}${s.position}`)).toEqual(['PRE1', 'PRE2', 'MAIN1'])
  })
})

describe('references stay intact', () => {
  it('refuses to delete an action a chain uses (409, naming the chain)', async () => {
    const res = await server.DELETE(`${ADMIN}/Actions(ID=${ACTION_NOTIFY_M1},IsActiveEntity=true)`, as('admin'))
    expect(res.status).toBe(409)
    expect(res.data.error.message).toMatch(/Maintenance request with AI summary/)
  })

  it('refuses to delete a decision action a rule uses (409, naming the rule)', async () => {
    const res = await server.DELETE(`${ADMIN}/Actions(ID=${ACTION_BPA},IsActiveEntity=true)`, as('admin'))
    expect(res.status).toBe(409)
    expect(res.data.error.message).toMatch(/Pumps in Hamburg/)
  })

  it('refuses to delete a chain a rule uses (409)', async () => {
    const res = await server.DELETE(`${ADMIN}/Chains(ID=${CHAIN_WARN},IsActiveEntity=true)`, as('admin'))
    expect(res.status).toBe(409)
    expect(res.data.error.message).toMatch(/Temperature warning/)
  })

  it('deletes an unused action', async () => {
    const created = await createViaDraft(server, 'Actions', { name: 'short-lived', kind_code: 'HTTP', destination: 'X', path: '/x' })
    const res = await server.DELETE(`${ADMIN}/Actions(ID=${created.data.ID},IsActiveEntity=true)`, as('admin'))
    expect(res.status).toBe(204)
  })
})

describe('actions: payload templates are checked when saved', () => {
  const http = { kind_code: 'HTTP', destination: 'HOOK', path: '/hooks/x', method_code: 'POST' }

  it('rejects an invalid JSON template with 400 at the field, naming line and column', async () => {
    const res = await createViaDraft(server, 'Actions', { name: `bad template ${Math.random()}`, ...http, payloadTemplate: '{\n  "asset": ${{event.data.assetName}}\n  "x": 1\n}' })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ target: 'in/payloadTemplate', message: expect.stringMatching(/not valid JSON.*\(line 3, column 3\)/) }))
  })

  it('rejects a placeholder outside the known roots', async () => {
    const res = await createViaDraft(server, 'Actions', { name: `env template ${Math.random()}`, ...http, payloadTemplate: '{"a": ${{process.env.PASSWORD}}}' })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ target: 'in/payloadTemplate', message: expect.stringMatching(/unknown root "process"/) }))
  })

  it('rejects a malformed placeholder in the path', async () => {
    const res = await createViaDraft(server, 'Actions', { name: `bad path ${Math.random()}`, ...http, path: '/assets/${{event.data.assetId' })
    expect(res.status).toBe(400)
    expect(problems(res)).toContainEqual(expect.objectContaining({ target: 'in/path', message: expect.stringMatching(/not closed/) }))
  })

  it('accepts a valid template', async () => {
    const res = await createViaDraft(server, 'Actions', { name: `good template ${Math.random()}`, ...http, payloadTemplate: '{"asset": ${{event.data.assetName}}, "text": "peak ${{event.data.value}}"}' })
    expect(res.status).toBe(201)
  })
})
