import type { Page } from 'playwright-core'
import { startAppServer, type AppServer } from '../helpers/app-process'
import { Browser, screenshot } from './helpers/browser'
import { MOTOR_1, MOTOR_2, PUMP_1, Pipeline, anomalyEvent } from './helpers/pipeline'

/**
 * The Fiori apps in a real browser, launched from the local launchpad, against the app as
 * `npm start` serves it. The tests run in order and share one browser profile.
 */
// the first SAPUI5 load in dev-server mode (sources, no preload bundles) takes a minute on two cores
jest.setTimeout(300_000)

let server: AppServer
let browser: Browser
let pipeline: Pipeline
let admin: Page
let failedEvent: { ID: string }

const FIRST_LOAD_MS = 180_000
const LOAD_MS = 90_000

beforeAll(async () => {
  // one failed S/4 call opens its breaker, so the monitor has a breaker to show
  server = await startAppServer({ CDS_CONFIG: JSON.stringify({ requires: { processing: { destinations: { S4HANA: { breakerFailures: 1, breakerOpenSeconds: 1 } } } } }) })
  pipeline = new Pipeline(server.url)
  browser = await Browser.launch()
  // seeded configuration plus events through the protocol: one that succeeds after S/4 was down once, one that fails for good at S/4
  await pipeline.failS4(1, 503)
  const ok = anomalyEvent(MOTOR_1)
  await pipeline.publish(ok)
  await pipeline.settled(ok.id, ['DONE'])
  await pipeline.failS4(1, 400)
  const failing = anomalyEvent(MOTOR_2)
  await pipeline.publish(failing)
  failedEvent = await pipeline.settled(failing.id, ['FAILED'])
  admin = await browser.page('admin')
}, FIRST_LOAD_MS + 60_000)

// separate hooks: the server stops even when the browser never launched
afterAll(() => browser.close())
afterAll(() => server.stop())

const rowWith = (page: Page, text: string) => page.locator('tr.sapMListTblRow', { hasText: text }).first()
const button = (page: Page, text: string) => page.locator('button:visible', { hasText: new RegExp(`^\\s*${text}\\s*$`) }).first()

async function openTile(page: Page, title: string, hash: string) {
  await page.goto(`${server.url}/launchpad/index.html`, { waitUntil: 'domcontentloaded' })
  await page.locator('.sapUshellTile, .sapMGT', { hasText: title }).first().click({ timeout: FIRST_LOAD_MS })
  await page.waitForURL(url => url.hash.startsWith(`#${hash}`))
}

test('the launchpad shows a tile for each app', async () => {
  await admin.goto(`${server.url}/launchpad/index.html`, { waitUntil: 'domcontentloaded' })
  for (const title of ['Manage Rules and Actions', 'Monitor Events and Actions', 'Incidents']) {
    await admin.locator('.sapMGT', { hasText: title }).first().waitFor({ timeout: FIRST_LOAD_MS })
  }
  await screenshot(admin, '01-launchpad')
})

test('Manage Rules and Actions lists the seeded rules in priority order', async () => {
  await openTile(admin, 'Manage Rules and Actions', 'AnomalyRule-manage')
  await rowWith(admin, 'Vibration critical: malfunction report').waitFor({ timeout: FIRST_LOAD_MS })
  const names = await admin.locator('tr.sapMListTblRow').allInnerTexts()
  expect(names.findIndex(t => t.includes('Vibration critical'))).toBeLessThan(names.findIndex(t => t.includes('Bad sensor data')))
  await screenshot(admin, '02-rules-list')
})

test('an admin creates a rule as a draft, activates it and finds it in the list', async () => {
  await button(admin, 'Create').click()
  // plain inputs end in -inner, inputs with a value help in -inner-inner
  const field = (name: string) => admin.locator(`input[id*="DataField::${name}::Field-edit-inner"]`).first()
  await field('name').waitFor({ timeout: LOAD_MS })
  await field('name').fill('Browser rule: pumps overheating')
  await field('priority').fill('77')
  await field('chain_ID').fill('Maintenance request with AI summary')
  await field('chain_ID').press('Enter')
  await admin.locator('.sapMPopover:visible, .sapMDialog:visible').first().waitFor({ state: 'hidden' }).catch(() => undefined)
  await screenshot(admin, '03-rule-draft')
  await button(admin, 'Create').click()
  await button(admin, 'Edit').waitFor({ timeout: LOAD_MS })
  await screenshot(admin, '04-rule-active')
  await admin.goBack()
  await rowWith(admin, 'Browser rule: pumps overheating').waitFor({ timeout: LOAD_MS })
})

test('a dry run of a pasted event shows the matching rule and the rendered steps', async () => {
  await button(admin, 'Dry Run').click()
  const dialog = admin.locator('.sapMDialog:visible').first()
  // an asset without an open incident: nothing suppresses it, so every step is rendered
  await dialog.locator('textarea').first().fill(JSON.stringify(anomalyEvent(PUMP_1, 'WARNING')))
  await screenshot(admin, '05-dry-run-input')
  await dialog.locator('button', { hasText: /^\s*Dry Run\s*$/ }).click()
  const messages = admin.locator('.sapMDialog:visible, .sapMMessageToast', { hasText: 'Dry run:' }).first()
  await messages.waitFor({ timeout: LOAD_MS })
  const text = await messages.innerText()
  expect(text).toContain('Vibration warning: maintenance request')
  expect(text).toContain('opens a new incident')
  await screenshot(admin, '06-dry-run-result')
  await admin.keyboard.press('Escape')
})

test('Monitor shows the events, and an admin reprocesses the failed one', async () => {
  await openTile(admin, 'Monitor Events and Actions', 'AnomalyEvent-monitor')
  await rowWith(admin, MOTOR_1.assetName).waitFor({ timeout: LOAD_MS })
  await screenshot(admin, '07-monitor-list')
  await rowWith(admin, 'Failed').click()
  await admin.waitForURL(url => url.hash.includes(failedEvent.ID))
  await button(admin, 'Reprocess').waitFor({ timeout: LOAD_MS })
  await screenshot(admin, '08-failed-event')
  await button(admin, 'Reprocess').click()
  await pipeline.settled((await eventIdOf(failedEvent.ID)) ?? '', ['DONE'])
  await screenshot(admin, '09-reprocessed')
})

test("Monitor shows each destination's circuit breaker", async () => {
  await admin.goBack()
  await admin.locator('.sapMITBFilter', { hasText: 'Destinations' }).first().click({ timeout: LOAD_MS })
  const breaker = rowWith(admin, 'S4HANA')
  await breaker.waitFor({ timeout: LOAD_MS })
  await screenshot(admin, '09b-destinations')
  // opened by the one 503, closed again by the retry that went through
  expect(await breaker.innerText()).toMatch(/Closed[\s\S]*503/)
})

test('Incidents lists the incidents per asset and fault with their notification', async () => {
  await openTile(admin, 'Incidents', 'AnomalyIncident-display')
  await rowWith(admin, MOTOR_1.assetName).waitFor({ timeout: LOAD_MS })
  await screenshot(admin, '10-incidents')
})

test('a viewer sees no reprocess and no edit button, and a write through OData is refused', async () => {
  const viewer = await browser.page('viewer')
  await viewer.goto(`${server.url}/launchpad/index.html#AnomalyEvent-monitor&/Events(${failedEvent.ID})`, { waitUntil: 'domcontentloaded' })
  await viewer.locator('.sapUxAPObjectPageLayout', { hasText: MOTOR_2.assetName }).first().waitFor({ timeout: LOAD_MS })
  await screenshot(viewer, '11-viewer-event')
  expect(await viewer.locator('button:visible', { hasText: /^\s*(Reprocess|Edit)\s*$/ }).count()).toBe(0)
  const write = await viewer.request.post(`${server.url}/odata/v4/admin/Rules`, {
    headers: { authorization: `Basic ${Buffer.from('viewer:viewer').toString('base64')}` },
    data: { name: 'not allowed', priority: 9998 },
  })
  expect(write.status()).toBe(403)
  await viewer.close()
})

test('no console errors other than the documented harmless ones', () => {
  expect(browser.consoleErrors).toEqual([])
})

async function eventIdOf(ID: string) {
  const res = await fetch(`${server.url}/odata/v4/monitoring/Events(${ID})?$select=eventId`, {
    headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  })
  return ((await res.json()) as { eventId?: string }).eventId
}
