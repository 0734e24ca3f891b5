import cds from '@sap/cds'
import path from 'node:path'
import { readFileSync } from 'node:fs'

const root = path.join(__dirname, '..')
const xsSecurity = JSON.parse(readFileSync(path.join(root, 'xs-security.json'), 'utf8')) as {
  scopes: { name: string; 'grant-as-authority-to-apps'?: string[] }[]
  authorities?: string[]
  'role-templates': { name: string; 'scope-references': string[] }[]
}
const brokerSecurity = JSON.parse(readFileSync(path.join(root, 'xs-security-broker.json'), 'utf8')) as { xsappname: string; authorities?: string[]; scopes?: unknown[] }

interface Definition {
  kind: string
  '@requires'?: string | string[]
  '@restrict'?: { to?: string | string[] }[]
}

/** Roles CAP checks, as written in @requires and @restrict; pseudo-roles are granted by CAP itself */
const rolesOf = (d: Definition) => [d['@requires'] ?? [], ...(d['@restrict'] ?? []).map(r => r.to ?? [])].flat()
const PSEUDO_ROLES = ['any', 'authenticated-user', 'system-user', 'internal-user']

describe('security model', () => {
  let definitions: [string, Definition][]

  beforeAll(async () => {
    const csn = await cds.load(path.join(root, 'srv'))
    definitions = Object.entries((csn.definitions ?? {}) as unknown as Record<string, Definition>)
  })

  it('every service requires a role: nothing is reachable anonymously', () => {
    const services = definitions.filter(([, d]) => d.kind === 'service')
    expect(services.map(([name]) => name)).toEqual(expect.arrayContaining(['AdminService', 'MonitoringService']))
    for (const [name, service] of services) {
      const requires = [service['@requires'] ?? []].flat()
      expect({ name, requires }).toEqual({ name, requires: expect.arrayContaining([expect.any(String)]) })
      expect(requires).not.toContain('any')
    }
  })

  it('xs-security.json has a scope and a role template for every role the model checks', () => {
    const roles = new Set(definitions.flatMap(([, d]) => rolesOf(d)).filter(role => !PSEUDO_ROLES.includes(role)))
    expect([...roles].sort()).toEqual(['Admin', 'Viewer'])
    for (const role of roles) {
      expect(xsSecurity.scopes.map(s => s.name)).toContain(`$XSAPPNAME.${role}`)
      expect(xsSecurity['role-templates']).toContainEqual(expect.objectContaining({ name: role, 'scope-references': [`$XSAPPNAME.${role}`] }))
    }
  })

  it("grants the Intake scope to the broker's own XSUAA instance only: not to every key of the app, not to users", () => {
    expect(xsSecurity.scopes).toContainEqual({
      name: '$XSAPPNAME.Intake',
      description: expect.any(String),
      'grant-as-authority-to-apps': ['$XSSERVICENAME(events-to-business-actions-broker)'],
    })
    // the app's own authorities would give Intake to every binding and service key of its instance
    expect(xsSecurity.authorities ?? []).toEqual([])
    // no role template: no role collection can hand Intake to a person
    expect(xsSecurity['role-templates'].flatMap(t => t['scope-references'])).not.toContain('$XSAPPNAME.Intake')
    // the broker's instance accepts the grant and defines nothing else
    expect(brokerSecurity).toMatchObject({ xsappname: 'events-to-business-actions-broker', authorities: ['$ACCEPT_GRANTED_AUTHORITIES'] })
    expect(brokerSecurity.scopes ?? []).toEqual([])
  })
})
