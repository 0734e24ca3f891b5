/**
 * The demo as `npm start` runs it (a real processor process, the Lambda, the mock broker and
 * the stand-ins), with a recognisable fake secret in every binding: the broker's publisher,
 * S/4, Build Process Automation and AI Core. Afterwards no secret, nor its basic-auth form, is
 * in any log or in any stored event, step or step log.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startDemoPipeline, type DemoReport } from '../../scripts/demo/pipeline'
import { startProcessor } from '../../scripts/demo/processor-server'

const SECRETS = {
  publisher: { username: 'e2ba-publisher', password: 'AEM-PUBLISHER-SECRET-41c7e2' },
  s4: { username: 'E2BA_S4_USER', password: 'S4-PASSWORD-SECRET-9a03bd' },
  bpa: { username: 'e2ba-bpa-client', password: 'BPA-CLIENT-SECRET-6e5f18' },
  aiCore: { clientid: 'e2ba-ai-client', clientsecret: 'AICORE-CLIENT-SECRET-2d8c90' },
}
const LOOPBACK = path.join(__dirname, '..', 'helpers', 'loopback.mjs')

/** every form a secret could leak in: as is, and inside a basic-auth header */
const leakForms = () => [
  SECRETS.publisher.password,
  SECRETS.s4.password,
  SECRETS.bpa.password,
  SECRETS.aiCore.clientsecret,
  ...[SECRETS.publisher, SECRETS.s4, SECRETS.bpa].map(c => Buffer.from(`${c.username}:${c.password}`).toString('base64')),
]

let report: DemoReport
let logs: string
let stored: string

beforeAll(async () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'e2ba-secrets-'))
  const serverLog = path.join(workDir, 'server.log')
  const processor = await startProcessor(0, serverLog, {
    NODE_OPTIONS: `--disable-warning=ExperimentalWarning --import ${LOOPBACK}`,
    CDS_CONFIG: JSON.stringify({ requires: { aem: { credentials: SECRETS.publisher }, mocks: { credentials: { s4: SECRETS.s4, bpa: SECRETS.bpa, aiCore: SECRETS.aiCore } } } }),
  })
  const pipeline = await startDemoPipeline({ serverUrl: processor.url, workDir, credentials: { publisher: SECRETS.publisher, s4: SECRETS.s4 } })
  try {
    report = await pipeline.run()
    const admin = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }
    const read = async (query: string) => (await fetch(`${processor.url}/odata/v4/monitoring/${query}`, { headers: admin })).text()
    stored = (await Promise.all(['Events?$top=10000', 'ActionRuns?$top=10000&$expand=items', 'Incidents?$top=10000'].map(read))).join('\n')
  } finally {
    await pipeline.stop()
    await processor.stop()
  }
  logs = ['server.log', 'lambda.log'].map(file => readFileSync(path.join(workDir, file), 'utf8')).join('\n')
}, 180_000)

describe('secrets in a demo run', () => {
  it('ran every hop with the given secrets: events stored, notifications created in S/4', () => {
    expect(report.events.received).toBeGreaterThan(0)
    expect(report.s4Notifications.length).toBeGreaterThan(0)
    expect(stored).toContain('"requestExcerpt"')
    expect(logs).toContain('S4HANA')
  })

  it.each(leakForms())('never logs %s', secret => {
    expect(logs).not.toContain(secret)
  })

  it.each(leakForms())('never stores %s in an event, a step or a step log', secret => {
    expect(stored).not.toContain(secret)
  })
})
