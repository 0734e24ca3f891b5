import express from 'express'

/**
 * A local stand-in for the SAP Build Process Automation decisions runtime
 * (POST /public/rule/runtime/rest/v2/rule-services), answering from a small table: the first
 * row whose conditions all equal the vocabulary's EventInfo names the chain. Development and
 * test profiles only.
 */
type Condition = Partial<Record<'Measurement' | 'Severity' | 'AnomalyType' | 'Plant', string>>

const DECISIONS: Record<string, { when: Condition; chain: string }[]> = {
  'e2b-chain-decision': [
    { when: { AnomalyType: 'ALARM' }, chain: 'Malfunction report with AI summary' },
    { when: { Severity: 'CRITICAL' }, chain: 'Malfunction report with AI summary' },
    { when: { Measurement: 'temperature' }, chain: 'Maintenance request with AI summary' },
    { when: {}, chain: 'Maintenance request with AI summary' },
  ],
}

export function mockBpa(credentials = { username: 'bpa', password: 'bpa' }) {
  const router = express.Router()
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
  router.post('/public/rule/runtime/rest/v2/rule-services', express.json({ limit: '256kb' }), (req, res) => {
    if (req.headers.authorization !== expected) return res.status(401).end()
    const body = req.body as { RuleServiceId?: unknown; Vocabulary?: { EventInfo?: Record<string, unknown> }[] }
    const table = typeof body.RuleServiceId === 'string' ? DECISIONS[body.RuleServiceId] : undefined
    if (!table) return res.status(404).json({ error: { code: 'bpm.rulesruntime.rule.service.not.found', message: `rule service ${String(body.RuleServiceId)} not found` } })
    const info = body.Vocabulary?.find(v => v.EventInfo)?.EventInfo
    if (!info) return res.status(400).json({ error: { code: 'bpm.rulesruntime.invalid.vocabulary', message: 'EventInfo is missing' } })
    const row = table.find(({ when }) => Object.entries(when).every(([name, value]) => info[name] === value))
    res.json({ Result: row ? [{ ActionInfo: { ChainName: row.chain } }] : [] })
  })
  return router
}
