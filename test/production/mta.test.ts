/**
 * mta.yaml as the MTA build and deployer would read it, against the build it describes (the
 * global setup ran `npm run build`). `mbt` itself cannot be installed here, so this checks
 * what it would: module paths, references, the security descriptors, the HTML5 archives.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import cds from '@sap/cds'
import { parse } from 'yaml'
import { ROOT } from './bundle'

interface Requirement {
  name: string
  parameters?: Record<string, unknown>
}
interface Module {
  name: string
  type: string
  path?: string
  requires?: Requirement[]
  provides?: { name: string }[]
  parameters?: Record<string, unknown>
  'build-parameters'?: { 'build-result'?: string; requires?: { name: string; artifacts: string[]; 'target-path': string }[] }
}
interface Resource {
  name: string
  type: string
  requires?: Requirement[]
  'processed-after'?: string[]
  parameters?: { service?: string; 'service-plan'?: string; 'service-name'?: string; path?: string; config?: Record<string, unknown> }
}

const mta = parse(readFileSync(path.join(ROOT, 'mta.yaml'), 'utf8')) as {
  modules: Module[]
  resources: Resource[]
  'build-parameters'?: { 'before-all'?: { commands?: string[] }[] }
}
const resource = (name: string) => mta.resources.find(r => r.name === name)
const srv = mta.modules.find(m => m.name === 'events-to-business-actions-srv') as Module
const servicesOf = (module: Module) => (module.requires ?? []).map(r => resource(r.name)?.parameters?.service ?? resource(r.name)?.parameters?.['service-name'])

/** the entries of a zip's central directory: enough to list an archive without unpacking it */
function zipEntries(file: string) {
  const zip = readFileSync(file)
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = zip.readUInt16LE(end + 10)
  let offset = zip.readUInt32LE(end + 16)
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28)
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength))
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32)
  }
  return names
}

describe('mta.yaml', () => {
  it('has every module path after the build', () => {
    for (const module of mta.modules.filter(m => m.path)) expect({ module: module.name, exists: existsSync(path.join(ROOT, module.path as string)) }).toEqual({ module: module.name, exists: true })
  })

  it('deploys HDI content from gen/db: tables, views, the seed data and the HDI deployer', () => {
    const deployer = mta.modules.find(m => m.type === 'hdb') as Module
    const content = path.join(ROOT, deployer.path as string)
    const files = readdirSync(path.join(content, 'src', 'gen'), { recursive: true }).map(String)
    expect(files).toEqual(expect.arrayContaining(['e2ba.Events.hdbtable', 'e2ba.Incidents.hdbtable', 'MonitoringService.Events.hdbview', 'data/e2ba-Rules.csv', 'data/e2ba-Rules.hdbtabledata']))
    const pkg = JSON.parse(readFileSync(path.join(content, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: { start: string } }
    expect(pkg.dependencies).toHaveProperty('@sap/hdi-deploy')
    expect(pkg.scripts.start).toContain('@sap/hdi-deploy/deploy.js')
  })

  it('requires only defined resources or provided properties', () => {
    const defined = new Set([...mta.resources.map(r => r.name), ...mta.modules.flatMap(m => (m.provides ?? []).map(p => p.name))])
    const references = [...mta.modules, ...mta.resources].flatMap(owner => (owner.requires ?? []).map(r => ({ owner: owner.name, name: r.name })))
    expect(references.filter(r => !defined.has(r.name))).toEqual([])
    for (const r of mta.resources) for (const after of r['processed-after'] ?? []) expect(defined).toContain(after)
  })

  it('binds the service to everything it uses: HDI, XSUAA, Destination, Connectivity, AI Core, AEM', () => {
    expect(servicesOf(srv).sort()).toEqual(['aem', 'aicore', 'connectivity', 'destination', 'hana', 'xsuaa'])
    expect(srv.parameters).toMatchObject({ command: 'npm start', 'readiness-health-check-type': 'http', 'readiness-health-check-http-endpoint': '/ready' })
  })

  it("points the XSUAA resources at their security descriptors, the app's at xs-security.json", () => {
    expect(resource('events-to-business-actions-auth')?.parameters).toMatchObject({ service: 'xsuaa', path: './xs-security.json' })
    expect(resource('events-to-business-actions-broker')?.parameters).toMatchObject({ service: 'xsuaa', path: './xs-security-broker.json' })
    for (const r of mta.resources.filter(r => r.parameters?.path)) expect(existsSync(path.join(ROOT, r.parameters?.path as string))).toBe(true)
  })

  it('defines in xs-security.json every role that @requires or @restrict uses', async () => {
    const csn = await cds.load(path.join(ROOT, 'srv'))
    const roles = new Set<string>()
    for (const definition of Object.values(csn.definitions ?? {}) as { '@requires'?: string | string[]; '@restrict'?: { to?: string | string[] }[] }[]) {
      for (const role of [definition['@requires'] ?? [], ...(definition['@restrict'] ?? []).map(r => r.to ?? [])].flat()) roles.add(role)
    }
    const scopes = (JSON.parse(readFileSync(path.join(ROOT, 'xs-security.json'), 'utf8')) as { scopes: { name: string }[] }).scopes.map(s => s.name)
    const undefinedRoles = [...roles].filter(role => !['any', 'authenticated-user', 'system-user', 'internal-user'].includes(role) && !scopes.includes(`$XSAPPNAME.${role}`))
    expect(undefinedRoles).toEqual([])
  })

  it('has the HTML5 archives the app-content module uploads, each with a preload bundle', () => {
    const content = mta.modules.find(m => m.type === 'com.sap.application.content' && m['build-parameters']?.requires) as Module
    const archives = content['build-parameters']?.requires ?? []
    expect(archives).toHaveLength(3)
    for (const { name, artifacts } of archives) {
      const html5 = mta.modules.find(m => m.name === name) as Module
      for (const artifact of artifacts) {
        const zip = path.join(ROOT, html5.path as string, html5['build-parameters']?.['build-result'] as string, artifact)
        expect(zipEntries(zip)).toEqual(expect.arrayContaining(['Component-preload.js', 'manifest.json', 'xs-app.json']))
      }
    }
  })
})

/** One entity of the Work Zone content (CDM), as much of it as the checks read */
interface CdmEntity {
  _version: string
  identification: { id: string; entityType: string; title?: string }
  payload: {
    viz?: CdmViz[]
    sections?: { id: string; viz?: CdmViz[] }[]
    contentNodes?: { type: string; id: string }[]
    apps?: { id: string }[]
    catalogs?: { id: string }[]
    groups?: { id: string }[]
    spaces?: { id: string }[]
  }
}
interface CdmViz {
  appId: string
  vizId: string
}
interface AppManifest {
  'sap.app': { id: string; crossNavigation?: { inbounds: Record<string, { semanticObject: string; action: string }> } }
  'sap.cloud'?: { service: string }
}

describe('the SAP Build Work Zone content (CDM) deployed with the apps', () => {
  const CDM = 'app/workzone/cdm.json'
  const cdm = JSON.parse(readFileSync(path.join(ROOT, CDM), 'utf8')) as CdmEntity[]
  const entities = (type: string) => cdm.filter(e => e.identification.entityType === type)
  const [group] = entities('group')
  const [role] = entities('role')
  const content = mta.modules.find(m => m.type === 'com.sap.application.content' && m['build-parameters']?.requires) as Module
  const html5 = (content['build-parameters']?.requires ?? []).map(({ name }) => mta.modules.find(m => m.name === name) as Module)
  const manifests = html5.map(m => JSON.parse(readFileSync(path.join(ROOT, m.path as string, 'webapp', 'manifest.json'), 'utf8')) as AppManifest)
  const appIds = manifests.map(m => m['sap.app'].id)

  it('is copied into the upload of the app-content module, next to the apps', () => {
    const commands = (mta['build-parameters']?.['before-all'] ?? []).flatMap(step => step.commands ?? [])
    const target = `${content['build-parameters']?.['build-result'] ?? ''}/cdm.json`
    expect(commands).toContain(`cp ${CDM} ${target}`)
    for (const { 'target-path': targetPath } of content['build-parameters']?.requires ?? []) expect(targetPath.replace(/\/$/, '')).toBe(path.dirname(target))
  })

  it('has CDM entities Work Zone reads: a version, an id and a type each, ids unique per type', () => {
    for (const e of cdm) expect(e).toMatchObject({ _version: expect.stringMatching(/^3\.[012]/) as string, identification: { id: expect.any(String) as string } })
    const keys = cdm.map(e => `${e.identification.entityType}:${e.identification.id}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(entities('role')).toHaveLength(1)
  })

  it('refers to the deployed apps by their sap.app id, and to their tiles by an inbound of their manifest', () => {
    const vizzes = cdm.flatMap(e => [...(e.payload.viz ?? []), ...(e.payload.sections ?? []).flatMap(s => s.viz ?? [])])
    expect(vizzes.length).toBeGreaterThan(0)
    for (const { appId, vizId } of vizzes) {
      const manifest = manifests.find(m => m['sap.app'].id === appId)
      expect({ appId, deployed: Boolean(manifest) }).toEqual({ appId, deployed: true })
      expect(Object.keys(manifest?.['sap.app'].crossNavigation?.inbounds ?? {})).toContain(vizId)
    }
  })

  it('has a group with the three apps, and a role with the apps, the group and the rest of the content', () => {
    expect(appIds).toHaveLength(3)
    expect(group?.payload.viz?.map(v => v.appId).sort()).toEqual([...appIds].sort())
    expect(role?.payload.apps?.map(a => a.id).sort()).toEqual([...appIds].sort())
    expect(role?.payload.groups?.map(g => g.id)).toContain(group?.identification.id)
    const ids = (type: string) => entities(type).map(e => e.identification.id)
    expect(role?.payload.catalogs?.map(c => c.id)).toEqual(ids('catalog'))
    expect(role?.payload.spaces?.map(s => s.id)).toEqual(ids('space'))
    for (const space of entities('space')) for (const node of space.payload.contentNodes ?? []) expect(ids(node.type)).toContain(node.id)
  })

  it("is read by Work Zone through a design-time destination to the apps' sap.cloud service in the HTML5 repository", () => {
    const services = new Set(manifests.map(m => m['sap.cloud']?.service))
    expect(services.size).toBe(1)
    const module = mta.modules.find(m => m.name === 'events-to-business-actions-cdm-destination') as Module & {
      parameters: { content: { subaccount: { destinations: { Name: string; ServiceInstanceName: string; ServiceKeyName: string; URL: string }[] } } }
    }
    const [destination] = module.parameters.content.subaccount.destinations
    expect(destination?.URL).toBe(`https://html5-apps-repo-rt.\${default-domain}/applications/cdm/${[...services][0] ?? ''}`)
    // the destination authenticates with a key of an html5-apps-repo app-runtime instance the module requires
    const runtime = resource(destination?.ServiceInstanceName ?? '')
    expect(runtime?.parameters).toMatchObject({ service: 'html5-apps-repo', 'service-plan': 'app-runtime' })
    expect(module.requires).toEqual(expect.arrayContaining([{ name: runtime?.name, parameters: { 'service-key': { name: destination?.ServiceKeyName } } }]))
  })
})
