import cds from '@sap/cds'
import type { Application } from 'express'
import { mockAiCore } from './mock-ai-core'
import { mockBpa } from './mock-bpa'
import { mockWebhook } from './mock-webhook'
import { mockS4 } from './s4/mock-s4'

const LOG = cds.log('mocks')

/** The mocks' credentials: local stand-ins only, never used against real systems */
const S4 = { username: 's4user', password: 's4pass' }
const BPA = { username: 'bpa', password: 'bpa' }

/**
 * Local stand-ins for S/4HANA, SAP AI Core, Build Process Automation decisions and a webhook,
 * for development and tests. They are reached the way the real systems are, through
 * destinations and the AI Core service key, which point at them only where nothing else is
 * configured: switching to the real systems is configuration, not code.
 */
export const mocksEnabled = () => !cds.env.profiles.includes('production') && (cds.env.requires as Record<string, unknown>).mocks !== false

export function mountMocks(app: Application) {
  app.use('/mock/s4', mockS4({ credentials: S4 }))
  const aiCore = mockAiCore()
  app.use('/mock/ai', aiCore)
  // the AI SDK asks for tokens at the origin of the service key's url, whatever its path
  app.post('/oauth/token', aiCore.token)
  app.use('/mock/bpa', mockBpa(BPA))
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
export function pointAtMocks(baseUrl: string) {
  const destinations = setUnlessConfigured('destinations', () =>
    JSON.stringify([
      { name: 'S4HANA', url: `${baseUrl}/mock/s4/sap/opu/odata/sap`, authentication: 'BasicAuthentication', ...S4 },
      { name: 'BPA_DECISIONS', url: `${baseUrl}/mock/bpa/public/rule/runtime/rest`, authentication: 'BasicAuthentication', ...BPA },
      { name: 'SHIFT_WEBHOOK', url: `${baseUrl}/mock/webhook`, authentication: 'NoAuthentication' },
    ]),
  )
  if (destinations) LOG.info('destinations S4HANA, BPA_DECISIONS and SHIFT_WEBHOOK point at the local mocks')
  const aiCore =
    !cds.env.requires.aicore &&
    setUnlessConfigured('AICORE_SERVICE_KEY', () =>
      JSON.stringify({ clientid: 'mock', clientsecret: 'mock', url: `${baseUrl}/mock/ai`, serviceurls: { AI_API_URL: `${baseUrl}/mock/ai` } }),
    )
  if (aiCore) LOG.info('SAP AI Core points at the local mock')
}
