import type { Page } from 'playwright-core'
import { startAppServer, type AppServer } from '../helpers/app-process'
import { eventually } from '../helpers/eventually'
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

const TILES = ['Manage Rules and Actions', 'Monitor Events and Actions', 'Incidents']
const rowWith = (page: Page, text: string) => page.locator('tr.sapMListTblRow', { hasText: text }).first()
const columnHeader = (page: Page, text: string) => page.locator('th.sapMListTblHeaderCell:visible', { hasText: text }).first()
const kpiTag = (page: Page, abbreviation: string) => page.locator('.sapMGenericTag', { hasText: abbreviation }).first()
const button = (page: Page, text: string) => page.locator('button:visible', { hasText: new RegExp(`^\\s*${text}\\s*$`) }).first()

async function openTile(page: Page, title: string, hash: string) {
  await page.goto(`${server.url}/launchpad/index.html`, { waitUntil: 'domcontentloaded' })
  await page.locator('.sapUshellTile, .sapMGT', { hasText: title }).first().click({ timeout: FIRST_LOAD_MS })
  await page.waitForURL(url => url.hash.startsWith(`#${hash}`))
}

test("the launchpad shows exactly the product's three tiles, none of the sandbox's sample apps", async () => {
  await admin.goto(`${server.url}/launchpad/index.html`, { waitUntil: 'domcontentloaded' })
  for (const title of TILES) await admin.locator('.sapMGT', { hasText: title }).first().waitFor({ timeout: FIRST_LOAD_MS })
  await screenshot(admin, '01-launchpad')
  const tiles = await admin.locator('.sapMGT:visible').allInnerTexts()
  expect(tiles).toHaveLength(TILES.length)
  expect(await admin.locator('body').innerText()).not.toMatch(/Sample/)
})

test('Manage Rules and Actions lists the seeded rules in priority order, with minimum severity, outcome and suppression window', async () => {
  await openTile(admin, 'Manage Rules and Actions', 'AnomalyRule-manage')
  await rowWith(admin, 'Vibration critical: malfunction report').waitFor({ timeout: FIRST_LOAD_MS })
  const names = await admin.locator('tr.sapMListTblRow').allInnerTexts()
  expect(names.findIndex(t => t.includes('Vibration critical'))).toBeLessThan(names.findIndex(t => t.includes('Bad sensor data')))
  await screenshot(admin, '02-rules-list')
  for (const column of ['Minimum severity', 'Outcome', 'Suppression window (min)']) await columnHeader(admin, column).waitFor()
  // a rule runs its chain; a delegating rule shows its decision action instead
  expect(await rowWith(admin, 'Vibration critical').innerText()).toMatch(/Critical[\s\S]*Run chain[\s\S]*Malfunction report with AI summary[\s\S]*240/)
  expect(await rowWith(admin, 'Pumps in Hamburg').innerText()).toMatch(/Delegate to decision[\s\S]*Decision: which chain for this event/)
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
  // the header's KPIs over the last 24 hours: two events, one failed, none suppressed, the median time to a notification
  for (const [tag, value] of [['EVE', /2/], ['FAI', /1/], ['SUP', /0\s*%/], ['LAT', /\d+(\.\d)?\s*s/]] as const) {
    await eventually(async () => expect(await kpiTag(admin, tag).innerText()).toMatch(value), LOAD_MS, 500)
  }
  await screenshot(admin, '07-monitor-list')
  await kpiTag(admin, 'LAT').click()
  // the card behind the tag: its description and chart
  await admin.locator('.sapMPopover:visible', { hasText: 'Median time' }).locator('svg').first().waitFor({ timeout: LOAD_MS })
  await screenshot(admin, '07b-monitor-kpi-card')
  await admin.keyboard.press('Escape')
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

test('a planner opens an incident: its S/4 notification with its status, the chart of its samples, the link into S/4', async () => {
  // the chain created the notification; its status in S/4 comes back as Outstanding
  const incident = await pipeline.incident(MOTOR_1.assetId, 'Outstanding')
  const number = incident.notificationNumber ?? ''
  const planner = await browser.page('viewer')
  await openTile(planner, 'Incidents', 'AnomalyIncident-display')
  const row = rowWith(planner, MOTOR_1.assetName)
  await row.waitFor({ timeout: LOAD_MS })
  expect(await row.innerText()).toMatch(new RegExp(`Open[\\s\\S]*${number}[\\s\\S]*Outstanding[\\s\\S]*11.2 / 7.1 mm/s`))
  // filters by status, asset, anomaly type and the notification's S/4 status
  for (const field of ['status_code', 'assetName', 'anomalyType_code', 'notificationStatus']) await planner.locator(`[id$="FilterField::${field}"] input`).first().waitFor({ timeout: LOAD_MS })
  await screenshot(planner, '10-incidents')

  await row.click()
  await planner.waitForURL(url => url.hash.includes(incident.ID))
  const objectPage = planner.locator('.sapUxAPObjectPageLayout').first()
  await objectPage.getByText('Outstanding').first().waitFor({ timeout: LOAD_MS })
  // the header's link comes first, the facts' further down
  const link = objectPage.locator('a.sapMLnk:visible', { hasText: number }).first()
  await link.waitFor()
  // the samples around the anomaly, drawn with the threshold as reference line
  const chart = planner.locator('[id$="--samplesChart"]').first()
  await chart.locator('svg .v-datapoint').first().waitFor({ timeout: LOAD_MS })
  await screenshot(planner, '10b-incident')
  await planner.locator('.sapMITBFilter', { hasText: 'Telemetry around the anomaly' }).first().click()
  await screenshot(planner, '10c-incident-chart')

  // the number links to the configured S/4 UI (locally the S/4 stand-in's page), opening the notification
  const expected = `/mock/s4/ui#MaintenanceNotification-displayFactSheet?MaintenanceNotification=${number}`
  expect(await link.getAttribute('href')).toBe(expected)
  await link.click()
  await planner.waitForURL(url => `${url.pathname}${url.hash}` === expected, { timeout: LOAD_MS })
  await planner.getByText(`Maintenance Notification ${number}`).first().waitFor({ timeout: LOAD_MS })
  expect(await planner.locator('#status').innerText()).toBe('Outstanding')
  await screenshot(planner, '10d-s4-notification')
  await planner.close()
})

test('an incident closes when its notification is completed in S/4, and the same fault afterwards opens a new incident with a new notification', async () => {
  const first = await pipeline.incident(MOTOR_1.assetId, 'Outstanding')
  await pipeline.completeNotification(first.notificationNumber ?? '')
  await pipeline.incident(MOTOR_1.assetId, 'Completed')
  const planner = await browser.page('viewer')
  await openTile(planner, 'Incidents', 'AnomalyIncident-display')
  const closed = planner.locator('tr.sapMListTblRow', { hasText: MOTOR_1.assetName }).filter({ hasText: 'Completed' }).first()
  await closed.waitFor({ timeout: LOAD_MS })
  expect(await closed.innerText()).toMatch(new RegExp(`Closed[\\s\\S]*${first.notificationNumber}[\\s\\S]*Completed`))
  await screenshot(planner, '12-incident-closed')

  // the fault recurs after the repair: reported anew, not suppressed into the closed incident
  await pipeline.publish(anomalyEvent(MOTOR_1))
  const second = await pipeline.incident(MOTOR_1.assetId, 'Outstanding')
  expect(second.ID).not.toBe(first.ID)
  expect(second.notificationNumber).not.toBe(first.notificationNumber)
  await planner.reload({ waitUntil: 'domcontentloaded' })
  const reopened = planner.locator('tr.sapMListTblRow', { hasText: MOTOR_1.assetName }).filter({ hasText: second.notificationNumber ?? '' }).first()
  await reopened.waitFor({ timeout: LOAD_MS })
  expect(await reopened.innerText()).toMatch(/Open[\s\S]*Outstanding/)
  await screenshot(planner, '13-new-incident')
  await planner.close()
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
