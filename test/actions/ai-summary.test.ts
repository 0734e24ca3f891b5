import cds from '@sap/cds'
import express from 'express'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ActionKindCode, ChainPhaseCode } from '#cds-models/e2ba'
import type { AnomalyEvent } from '#contract'
import { aiSummary, fallbackSummary, MAX_SUMMARY_LENGTH, placeholderValues, toPlainText } from '../../srv/actions/ai-summary'
import type { SummaryOutput } from '../../srv/actions/ai-summary'
import type { ActionConfig, StepContext } from '../../srv/actions/executor'
import { mockAiCore, mockAiCoreServiceKey, mockReply } from '../../mocks/src/mock-ai-core'
import type { MockAiSettings } from '../../mocks/src/mock-ai-core'
import { anomalyEvent, MOTOR_1 } from '../factories/events'

/** The seeded AI action (db/data/e2ba-Actions.csv) */
const TEMPLATE =
  'You are a maintenance assistant. Use only the data given below. In plain text without markup and in at most 120 words, tell a maintenance planner what happened, on which asset, the peak value against its limit with the unit, the time window, how many samples were anomalous and the most likely cause. Data: {{?event}}'
const ACTION: ActionConfig = {
  ID: '0a000000-0000-4000-8000-000000000001',
  name: 'AI maintenance summary',
  kind_code: ActionKindCode.AI_SUMMARY,
  timeoutSeconds: 10,
  maxAttempts: 1,
  model: 'anthropic--claude-4.5-sonnet',
  promptTemplate: TEMPLATE,
}
const FALLBACK =
  'Hamburg Line 1 Motor 1: vibration THRESHOLD anomaly (CRITICAL). Peak 11.2 mm/s against a limit of 7.1 mm/s between 2026-11-25 10:00 and 10:05 UTC, 12 samples.'

const mock = mockAiCore()
let server: Server
let base: string
let serviceKey: string
const savedKey = process.env.AICORE_SERVICE_KEY
const warn = jest.spyOn(cds.log('ai-summary'), 'warn')

beforeAll(async () => {
  const app = express()
  app.use('/mock/ai', mock)
  // the SDK's token client asks <origin>/oauth/token, whatever the path of the key's url
  app.post('/oauth/token', mock.token)
  server = app.listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  base = `${origin}/mock/ai`
  serviceKey = mockAiCoreServiceKey(origin, '/mock/ai')
  process.env.AICORE_SERVICE_KEY = serviceKey
  // load (and compile) the ESM-only SDK once, so no test spends its time budget on that
  await import('@sap-ai-sdk/orchestration')
})

afterAll(async () => {
  if (savedKey === undefined) delete process.env.AICORE_SERVICE_KEY
  else process.env.AICORE_SERVICE_KEY = savedKey
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  mock.control.reset()
  warn.mockReset().mockImplementation(() => undefined)
})

const context = (event: AnomalyEvent = anomalyEvent({ sampleCount: 12 }), action: Partial<ActionConfig> = {}, signal = new AbortController().signal): StepContext => ({
  event,
  eventRecord: 'x',
  action: { ...ACTION, ...action },
  phase: ChainPhaseCode.PRE,
  position: 1,
  attempt: 1,
  outputs: {},
  signal,
})

async function summarise(settings: MockAiSettings, ctx = context()) {
  mock.control.set(settings)
  const result = await aiSummary(ctx)
  return { ...result, output: result.output as SummaryOutput }
}

describe('AI_SUMMARY through SAP AI Core orchestration (mocked)', () => {
  it('summarises with the configured model, sending event values only as placeholder values', async () => {
    const event = anomalyEvent({ sampleCount: 12, assetName: 'Motor {{?secret}} <b>1</b>' })
    const { output, request, response } = await summarise({ mode: 'ok' }, context(event))

    const expected = 'Mock summary: Motor {{?secret}} 1 reported a vibration peak of 11.2 mm/s against a limit of 7.1 mm/s.'
    expect(output).toEqual({ summary: expected, source: 'ai', model: 'anthropic--claude-4.5-sonnet' })
    expect(request).toBe('model=anthropic--claude-4.5-sonnet placeholders=event')
    expect(response).toBe(expected)

    const state = mock.control.state()
    expect(state.tokensIssued).toBe(1)
    expect(state.deploymentQueries).toEqual([{ scenarioId: 'orchestration', status: 'RUNNING', resourceGroup: 'default' }])
    expect(state.completions).toHaveLength(1)
    const [sent] = state.completions
    expect(sent?.resourceGroup).toBe('default')
    expect(sent?.model).toMatchObject({ name: 'anthropic--claude-4.5-sonnet', params: { max_tokens: 400 } })
    // the template arrives untouched; the asset name (with its own braces) only as a value
    expect(sent?.template.map(m => m.role)).toEqual(['system', 'user'])
    expect(sent?.template[0]?.content).toMatch(/only the data/)
    expect(sent?.template[1]?.content).toBe(TEMPLATE)
    expect(Object.keys(sent?.placeholderValues ?? {})).toEqual(['event'])
    const facts = JSON.parse(sent?.placeholderValues.event ?? '{}')
    expect(facts).toMatchObject({
      asset: 'Motor {{?secret}} <b>1</b>',
      assetId: MOTOR_1.assetId,
      propertyAlias: '/Plant1010/Line1/Motor1/Vibration',
      measurement: 'vibration',
      anomalyType: 'THRESHOLD',
      severity: 'CRITICAL',
      peak: 11.2,
      threshold: 7.1,
      unit: 'mm/s',
      windowStart: '2026-11-25T10:00:00.000Z',
      windowEnd: '2026-11-25T10:05:00.000Z',
      sampleCount: 12,
      recentSamples: [{ time: '2026-11-25T10:00:00.000Z', value: 11.2 }],
    })
    expect(sent?.messages[1]?.content).toBe(TEMPLATE.replace('{{?event}}', sent?.placeholderValues.event ?? ''))
    expect(sent?.filtering).toEqual({
      input: { filters: [{ type: 'azure_content_safety', config: { hate: 2, self_harm: 2, sexual: 2, violence: 2, prompt_shield: true } }] },
      output: { filters: [{ type: 'azure_content_safety', config: { hate: 2, self_harm: 2, sexual: 2, violence: 2 } }] },
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it('fills further placeholders and sends only those the template uses', async () => {
    const template = 'Asset {{?asset}} measured {{?measurement}} up to {{?value}} {{?unit}}; limit {{?threshold}}.'
    const { output, request } = await summarise({ mode: 'ok' }, context(anomalyEvent(), { model: null, promptTemplate: template }))
    expect(request).toBe('model=anthropic--claude-4.5-sonnet placeholders=asset,measurement,value,unit,threshold')
    const [sent] = mock.control.state().completions
    expect(sent?.placeholderValues).toEqual({ asset: 'Hamburg Line 1 Motor 1', measurement: 'vibration', value: '11.2', unit: 'mm/s', threshold: '7.1' })
    expect(sent?.messages[1]?.content).toBe('Asset Hamburg Line 1 Motor 1 measured vibration up to 11.2 mm/s; limit 7.1.')
    expect(output.summary).toBe(mockReply(sent?.placeholderValues ?? {}))
    expect(output.summary).toBe('Mock summary: Hamburg Line 1 Motor 1 reported a vibration peak of 11.2 mm/s against a limit of 7.1 mm/s.')
  })

  it('turns a marked-up answer with control characters into plain text', async () => {
    const reply = '# Summary\r\n\r\n**Motor 1** <b>exceeded</b>\u0007 its *limit*\u200b &amp; `vibration`\tpeaked.\n\n\n\n- [details](https://x.example)\n> quoted'
    const { output } = await summarise({ mode: 'ok', reply })
    expect(output).toMatchObject({ source: 'ai', summary: 'Summary\n\nMotor 1 exceeded its limit & vibration peaked.\n\n- details\nquoted' })
  })

  it('caps the summary at 1,333 characters, cut at a word boundary', async () => {
    const reply = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ')
    const { output, response } = await summarise({ mode: 'ok', reply })
    expect(output.source).toBe('ai')
    expect(output.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH)
    expect(output.summary.length).toBeGreaterThan(MAX_SUMMARY_LENGTH - 10)
    expect(output.summary.endsWith('…')).toBe(true)
    const kept = output.summary.slice(0, -1)
    expect(reply.startsWith(`${kept} `)).toBe(true)
    expect(response).toBe(output.summary.slice(0, 200))
  })

  it('falls back when orchestration does not answer within the action timeout', async () => {
    const started = Date.now()
    const { output } = await summarise({ mode: 'slow', latencyMs: 5000 }, context(undefined, { timeoutSeconds: 1 }))
    expect(Date.now() - started).toBeLessThan(1500)
    expect(output).toEqual({ summary: FALLBACK, source: 'fallback', reason: 'timeout: no answer within 0.8 s' })
    expect(mock.control.state().completions).toHaveLength(1)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('timeout: no answer within 0.8 s'))
  })

  it('falls back at once when the chain runner aborts the step', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 200)
    const started = Date.now()
    const { output } = await summarise({ mode: 'slow', latencyMs: 5000 }, context(undefined, {}, controller.signal))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(output).toMatchObject({ source: 'fallback', summary: FALLBACK, reason: 'aborted by the chain runner' })
  })

  it('falls back on a server error', async () => {
    const { output } = await summarise({ mode: 'fail' })
    expect(output).toEqual({ summary: FALLBACK, source: 'fallback', reason: 'AI Core answered 500: Internal server error (mock)' })
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^event .+: no AI summary \(AI Core answered 500.*\); using the fallback summary$/))
  })

  it('falls back when the input filter rejects the prompt', async () => {
    const { output } = await summarise({ mode: 'filter-input' })
    expect(output).toMatchObject({ summary: FALLBACK, source: 'fallback' })
    expect(output.reason).toMatch(/^AI Core answered 400: .*Input Filter: Prompt filtered due to safety violations/)
  })

  it('falls back when the output filter removes the answer', async () => {
    const { output } = await summarise({ mode: 'filter-output' })
    expect(output).toMatchObject({ summary: FALLBACK, source: 'fallback' })
    expect(output.reason).toMatch(/filtered by the output filter/)
  })

  it('falls back on an empty answer', async () => {
    expect((await summarise({ mode: 'empty' })).output).toEqual({ summary: FALLBACK, source: 'fallback', reason: 'empty answer' })
    // an answer of nothing but markup is empty as well
    expect((await summarise({ mode: 'ok', reply: '<p> </p>\n**\u200b**' })).output).toMatchObject({ source: 'fallback', reason: 'empty answer' })
  })

  it('falls back without asking when the template uses a placeholder it cannot fill', async () => {
    const { output } = await summarise({ mode: 'ok' }, context(undefined, { promptTemplate: 'Data: {{?event}} for {{?customer}}' }))
    expect(output).toMatchObject({ source: 'fallback', reason: 'the prompt template uses unknown placeholders: customer' })
    expect(mock.control.state().completions).toHaveLength(0)
  })

  /** Runs with another AICORE_SERVICE_KEY and a fresh SDK, which keeps the first binding it found for good */
  async function withServiceKey(key: string | undefined, check: () => Promise<void>) {
    if (key === undefined) delete process.env.AICORE_SERVICE_KEY
    else process.env.AICORE_SERVICE_KEY = key
    try {
      await jest.isolateModulesAsync(check)
    } finally {
      process.env.AICORE_SERVICE_KEY = serviceKey
    }
  }

  it('falls back without AI Core credentials', async () => {
    await withServiceKey(undefined, async () => {
      const { output } = await summarise({ mode: 'ok' })
      expect(output).toEqual({ summary: FALLBACK, source: 'fallback', reason: 'Failed to fetch the list of deployments. Could not find service credentials for AI Core. Please check the service binding.' })
    })
    expect(mock.control.state()).toMatchObject({ tokensIssued: 0, completions: [] })
  })

  it('falls back on a broken service key and logs nothing of it', async () => {
    await withServiceKey('{"clientid":"mock","clientsecret":"s3cr3t-value", oops', async () => {
      const { output } = await summarise({ mode: 'ok' })
      expect(output).toMatchObject({ summary: FALLBACK, source: 'fallback', reason: 'Failed to fetch the list of deployments. Error in parsing service key from the "AICORE_SERVICE_KEY" environment variable.' })
    })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/s3cr3t/)
  })

  it('falls back when the token service cannot be reached', async () => {
    // nothing listens on port 1
    await withServiceKey(JSON.stringify({ ...JSON.parse(serviceKey), url: 'http://127.0.0.1:1' }), async () => {
      const { output } = await summarise({ mode: 'ok' })
      expect(output).toMatchObject({ summary: FALLBACK, source: 'fallback', reason: expect.stringMatching(/client credentials token/) })
    })
  })
})

describe('the fallback summary', () => {
  it('names asset, measurement, anomaly type, severity, peak and limit with unit, window and samples', () => {
    expect(fallbackSummary(anomalyEvent({ sampleCount: 12 }))).toBe(FALLBACK)
  })

  it('copes with a missing name and limit, a window across midnight, seconds and a single sample', () => {
    const event = anomalyEvent({
      assetName: null,
      threshold: null,
      anomalyType: 'ALARM',
      severity: 'WARNING',
      measurement: 'temperature',
      unit: '°C',
      value: 81.25,
      windowStart: '2026-11-25T23:59:30.000Z',
      windowEnd: '2026-11-26T00:04:30.000Z',
      sampleCount: 1,
      alarmState: 'ACTIVE',
    })
    expect(fallbackSummary(event)).toBe(
      `${MOTOR_1.assetId}: temperature ALARM anomaly (WARNING). Peak 81.25 °C between 2026-11-25 23:59:30 and 2026-11-26 00:04:30 UTC, 1 sample. Alarm state ACTIVE.`,
    )
  })

  it('stays plain text and within 1,333 characters, however long the asset name', () => {
    const summary = fallbackSummary(anomalyEvent({ assetName: `<i>Motor</i>\u0000 ${'x'.repeat(995)}`, sampleCount: 3 }))
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH)
    expect(summary).toMatch(/^Motor x{995}: vibration THRESHOLD anomaly \(CRITICAL\)\. Peak 11\.2 mm\/s/)
    expect(summary).toMatch(/3 samples\.$/)
  })

  it('sends the event as compact JSON with a few recent samples only', () => {
    const samples = Array.from({ length: 50 }, (_, i) => ({ time: new Date(Date.UTC(2026, 10, 25, 10, 0, i)).toISOString(), value: i, quality: 'GOOD' as const }))
    const facts = JSON.parse(placeholderValues(anomalyEvent({ samples, threshold: null })).event ?? '{}')
    expect(facts.recentSamples).toHaveLength(5)
    expect(facts.recentSamples[4]).toEqual({ time: '2026-11-25T10:00:49.000Z', value: 49 })
    expect(facts).not.toHaveProperty('threshold')
  })
})

describe('plain text', () => {
  it('keeps ordinary text, comparisons and identifiers as they are', () => {
    expect(toPlainText('Peak 11.2 > 7.1 and 3 < 4 on motor_1 at 10:00.')).toBe('Peak 11.2 > 7.1 and 3 < 4 on motor_1 at 10:00.')
  })

  it('strips encoded tags and cuts a single endless word hard', () => {
    expect(toPlainText('&lt;script&gt;alert(1)&lt;/script&gt; done')).toBe('alert(1) done')
    expect(toPlainText('y'.repeat(2000))).toBe(`${'y'.repeat(MAX_SUMMARY_LENGTH - 1)}…`)
  })
})

describe('the mock of SAP AI Core', () => {
  it('refuses the AI API without a bearer token it issued', async () => {
    expect((await fetch(`${base}/v2/lm/deployments?scenarioId=orchestration`)).status).toBe(401)
    const forged = await fetch(`${base}/v2/inference/deployments/orchestration-mock/v2/completion`, {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(forged.status).toBe(401)
  })

  it('is controlled over HTTP as well', async () => {
    const bad = await fetch(`${base}/$control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mode":"nap"}' })
    expect(bad.status).toBe(400)
    const set = await fetch(`${base}/$control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mode":"fail","latencyMs":5}' })
    expect(await set.json()).toEqual({ mode: 'fail', latencyMs: 5 })
    expect((await summarise(mock.control.state().settings)).output.reason).toMatch(/500/)
    const state = await (await fetch(`${base}/$control/state`)).json()
    expect(state).toMatchObject({ settings: { mode: 'fail', latencyMs: 5 }, completions: [{ deploymentId: 'orchestration-mock' }] })
    expect((await fetch(`${base}/$control/reset`, { method: 'POST' })).status).toBe(204)
    expect(mock.control.state()).toEqual({ settings: { mode: 'ok' }, tokensIssued: 0, deploymentQueries: [], completions: [] })
  })
})
