import cds from '@sap/cds'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { as, serve } from './helpers/server'

const server = serve()

const APPS = ['rules-actions', 'monitor', 'incidents']

interface Manifest {
  'sap.app': { id: string; dataSources: Record<string, { uri: string }>; crossNavigation?: { inbounds: Record<string, { semanticObject: string; action: string }> } }
  'sap.cloud'?: { public: boolean; service: string }
  'sap.ui5': { dependencies: { libs: Record<string, object> } }
}
const APP = path.join(__dirname, '..', 'app')
const manifestOf = (app: string) => JSON.parse(readFileSync(path.join(APP, app, 'webapp', 'manifest.json'), 'utf8')) as Manifest
/** the framework libraries a UI5 tooling config (ui5.yaml, ui5-deploy.yaml) serves or builds with */
const librariesOf = (app: string, config: string) => (parse(readFileSync(path.join(APP, app, config), 'utf8')) as { framework: { libraries: { name: string }[] } }).framework.libraries.map(l => l.name)

describe.each(APPS)('the %s app', app => {
  const manifest = manifestOf(app)

  it('is ready for SAP Build Work Zone: an inbound to launch it, the sap.cloud service, service URLs relative to the app', () => {
    expect(Object.values(manifest['sap.app'].crossNavigation?.inbounds ?? {})).toEqual([
      expect.objectContaining({ semanticObject: expect.any(String) as string, action: expect.any(String) as string }),
    ])
    expect(manifest['sap.cloud']).toEqual({ public: true, service: 'e2ba.events-to-business-actions' })
    for (const { uri } of Object.values(manifest['sap.app'].dataSources)) expect(uri).toMatch(/^odata\/v4\/\w+\/$/)
  })

  it('is served and built with every SAPUI5 library its manifest depends on (SAPUI5 comes from npm, not a CDN)', () => {
    for (const config of ['ui5.yaml', 'ui5-deploy.yaml']) expect(librariesOf(app, config)).toEqual(expect.arrayContaining(Object.keys(manifest['sap.ui5'].dependencies.libs)))
  })

  it('reaches its service through its relative URL when served locally, with the same authorisation', async () => {
    const [source] = Object.values(manifest['sap.app'].dataSources)
    const url = `/${app}/${source?.uri ?? ''}`
    expect((await server.GET(url, as('admin'))).status).toBe(200)
    expect((await server.GET(url, as('anonymous'))).status).toBe(401)
  })
})

describe('the local launchpad', () => {
  const config = JSON.parse(readFileSync(path.join(APP, 'appconfig', 'fioriSandboxConfig.json'), 'utf8')) as {
    applications: Record<string, { additionalInformation: string }>
    services: { CommonDataModel: { adapter: { config: { siteData: { pages: { page1: { payload: { layout: { sectionOrder: string[] } } } } } } } } }
  }

  it("has a tile for each app, at the app's inbound, launching its component", () => {
    const tiles = APPS.map(app => {
      const manifest = manifestOf(app)
      return [Object.keys(manifest['sap.app'].crossNavigation?.inbounds ?? {})[0], `SAPUI5.Component=${manifest['sap.app'].id}`]
    })
    expect(Object.entries(config.applications).map(([intent, tile]) => [intent, tile.additionalInformation])).toEqual(tiles)
  })

  it("shows the apps' section alone: the sandbox's section of sample apps is switched off", () => {
    expect(config.services.CommonDataModel.adapter.config.siteData.pages.page1.payload.layout.sectionOrder).toEqual(['APPS'])
  })
})

describe('the annotations of the apps', () => {
  it('target only what exists and compile to EDMX without a warning', async () => {
    const messages: { severity: string; messageId?: string; message: string }[] = []
    const model = await (cds.load as (files: string, options: object) => Promise<cds.csn.CSN>)('*', { messages })
    // the app's own services: imported ones (srv/external) keep S/4's names, which OData V4 frowns upon
    const own = Object.entries(model.definitions ?? {}).filter(([, definition]) => definition.kind === 'service' && !(definition as { '@cds.external'?: unknown })['@cds.external'])
    for (const [service] of own) (cds.compile.to.edmx as (csn: cds.csn.CSN, options: object) => unknown)(model, { service, messages })
    expect(messages.filter(m => m.severity !== 'Info').map(m => `${m.messageId ?? ''}: ${m.message}`)).toEqual([])
  })
})
