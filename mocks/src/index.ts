import cds from '@sap/cds'
import type { Application } from 'express'
import type { AemConfig } from '../../srv/intake/aem-config'
import { mountMockBroker } from './broker'
import { mockCredentials, separateS4Url, type MockCredentials } from './credentials'
import { mockAiCore, mockAiCoreServiceKey } from './mock-ai-core'
import { mockBpa } from './mock-bpa'
import { mockWebhook } from './mock-webhook'
import type { EventTarget } from './s4/business-events'
import { mockS4 } from './s4/mock-s4'

const LOG = cds.log('mocks')

/**
 * Mounts the local stand-ins on the server being bootstrapped (development and tests; see
 * ../cds-plugin.js): the mock broker when `cds.requires.aem.kind` is `mock-aem`, and, unless
 * `cds.requires.mocks` is false, S/4HANA, SAP AI Core, Build Process Automation decisions and
 * a webhook; S/4HANA runs elsewhere when `cds.requires.mocks.s4.url` names a stand-in of its
 * own (`npm run s4`), else it publishes its business events to the mock broker. They are
 * reached the way the real systems are, through the broker connector, destinations and the
 * AI Core service key, which point at them only where nothing else is configured: switching
 * to the real systems is configuration, not code.
 */
export function activate(app: Application) {
  if (cds.env.profiles.includes('production')) return
  const aem = cds.env.requires.aem as AemConfig | false | undefined
  if (aem && aem.kind === 'mock-aem') mountMockBroker(app, aem)
  if ((cds.env.requires as Record<string, unknown>).mocks === false) return
  const credentials = mockCredentials()
  let serverUrl: string | undefined
  mountMocks(app, credentials, () => mockBrokerTarget(serverUrl))
  cds.on('listening', ({ url }: { url: string }) => {
    serverUrl = url
    pointAtMocks(url, credentials)
  })
}

/**
 * Where the S/4 stand-in in this server publishes its business events: to the mock broker's
 * REST interface, this server's (/mock/aem) or the one in a process of its own that
 * `credentials.url` names; nowhere unless the mock broker is in use and the server listens.
 */
function mockBrokerTarget(serverUrl: string | undefined): EventTarget | undefined {
  const aem = cds.env.requires.aem as AemConfig | false | undefined
  if (!aem || aem.kind !== 'mock-aem') return undefined
  const { url, username, password } = aem.credentials ?? {}
  const brokerUrl = url || (serverUrl && `${serverUrl}/mock/aem`)
  return brokerUrl && username && password ? { url: brokerUrl, username, password } : undefined
}

function mountMocks(app: Application, { s4, bpa }: MockCredentials, s4Events: () => EventTarget | undefined) {
  if (!separateS4Url()) app.use('/mock/s4', mockS4({ credentials: s4, events: s4Events }))
  const aiCore = mockAiCore()
  app.use('/mock/ai', aiCore)
  // the AI SDK asks for tokens at the origin of the service key's url, whatever its path
  app.post('/oauth/token', aiCore.token)
  app.use('/mock/bpa', mockBpa(bpa))
  app.use('/mock/webhook', mockWebhook())
}

/** Sets an environment variable unless someone else did: a restarted server (new port) renews its own */
function setUnlessConfigured(name: string, value: () => string) {
  const marker = `${name}_POINTS_AT_MOCKS`
  if (process.env[name] && process.env[marker] !== 'true') return false
  process.env[name] = value()
  process.env[marker] = 'true'
  return true
}

/** Destinations and the AI Core key for the mocks, unless real ones are configured */
function pointAtMocks(baseUrl: string, { s4, bpa, aiCore: client }: MockCredentials) {
  const destinations = setUnlessConfigured('destinations', () =>
    JSON.stringify([
      { name: 'S4HANA', url: `${separateS4Url() ?? `${baseUrl}/mock/s4`}/sap/opu/odata/sap`, authentication: 'BasicAuthentication', ...s4 },
      { name: 'BPA_DECISIONS', url: `${baseUrl}/mock/bpa/public/rule/runtime/rest`, authentication: 'BasicAuthentication', ...bpa },
      { name: 'SHIFT_WEBHOOK', url: `${baseUrl}/mock/webhook`, authentication: 'NoAuthentication' },
    ]),
  )
  if (destinations) LOG.info('destinations S4HANA, BPA_DECISIONS and SHIFT_WEBHOOK point at the local mocks')
  const aiCore =
    !(cds.env.requires.aicore as { credentials?: object } | undefined)?.credentials &&
    setUnlessConfigured('AICORE_SERVICE_KEY', () => mockAiCoreServiceKey(baseUrl, '/mock/ai', client))
  if (aiCore) LOG.info('SAP AI Core points at the local mock')
}
