import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'
import { ActionKindCode, ActionRuns, Actions, Chains, ChainSteps, Events, HttpMethodCode, LogItems, Rules } from '#cds-models/e2ba'
import { redact } from '../../srv/lib/redact'
import { anomalyEvent } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { publish } from '../helpers/publish'
import { serve } from '../helpers/server'

const server = serve()
const HOOK = { username: 'e2ba-hook-user', password: 'HOOK-PASSWORD-SECRET-77c1' }
const BASIC = Buffer.from(`${HOOK.username}:${HOOK.password}`).toString('base64')

beforeAll(async () => {
  // a destination with basic auth whose target echoes the request's headers back
  const destinations = JSON.parse(process.env.destinations ?? '[]') as object[]
  process.env.destinations = JSON.stringify([...destinations, { name: 'ECHO_HOOK', url: `${server.url}/mock/webhook/echo`, authentication: 'BasicAuthentication', ...HOOK }])
  const action = { ID: randomUUID(), name: 'Echo', kind_code: ActionKindCode.HTTP, destination: 'ECHO_HOOK', path: '/alarm', method_code: HttpMethodCode.POST, payloadTemplate: '{"asset": ${{event.data.assetId}}}', timeoutSeconds: 10, maxAttempts: 1 }
  const chain = { ID: randomUUID(), name: 'Echo chain' }
  await INSERT.into(Actions).entries(action)
  await INSERT.into(Chains).entries(chain)
  await INSERT.into(ChainSteps).entries({ chain_ID: chain.ID, phase_code: 'MAIN', position: 1, action_ID: action.ID })
  await INSERT.into(Rules).entries({ name: 'Echo assets', priority: 1, active: true, assetPattern: 'ECHO*', outcome_code: 'CHAIN', chain_ID: chain.ID, suppressionMinutes: 0 })
})

describe('configured credentials are never stored', () => {
  it('masks a destination password a target echoes back, in the excerpts, the output and the log', async () => {
    const event = anomalyEvent({ assetId: randomUUID(), assetName: 'ECHO line pump' })
    expect((await publish(server, event)).status).toBe(200)
    const stored = await eventually(async () => {
      const row = await SELECT.one.from(Events).where({ eventId: event.id })
      expect(row?.status_code).toBe('DONE')
      return row
    })
    const runs = await SELECT.from(ActionRuns).where({ event_ID: stored?.ID })
    const items = await SELECT.from(LogItems).where({ run_ID: { in: runs.map(r => r.ID) } })
    const everything = JSON.stringify([runs, items])
    // the echo arrived and was stored, with the credential masked
    expect(runs[0]?.responseExcerpt).toMatch(/"authorization":"Basic \*\*\*"/)
    expect(everything).not.toContain(HOOK.password)
    expect(everything).not.toContain(BASIC)
  })

  it('masks the secrets of cds.requires credentials, also in their basic-auth form', () => {
    const requires = cds.env.requires as unknown as Record<string, object>
    requires.someSystem = { credentials: { url: 'https://s4.example.com', user: 'E2BA', password: 'S4-SECRET-0042', clientsecret: 'CLIENT-SECRET-9' } }
    const basic = Buffer.from('E2BA:S4-SECRET-0042').toString('base64')
    expect(redact(`failed: password S4-SECRET-0042, secret CLIENT-SECRET-9, header ${basic}, url https://s4.example.com`)).toBe(
      'failed: password ***, secret ***, header ***, url https://s4.example.com',
    )
    expect(redact('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe('Authorization: Bearer ***')
  })
})
