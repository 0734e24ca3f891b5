import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { harmless, harmlessFailedRequest } from './console'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** screenshots of every page, kept as test artifacts (test-results/ is git-ignored) */
export const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'test-results', 'browser')

export type User = 'admin' | 'viewer'
const basic = (user: User) => `Basic ${Buffer.from(`${user}:${user}`).toString('base64')}`

/**
 * One headless Chromium profile for all tests: SAPUI5 loads once and is cached after. Pages
 * sign in per user with a basic-auth header. Console errors are collected; the documented
 * harmless ones (see ./console) are left out.
 */
export class Browser {
  readonly consoleErrors: string[] = []
  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch() {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH`)
    const profile = mkdtempSync(path.join(os.tmpdir(), 'e2ba-chromium-'))
    mkdirSync(SCREENSHOTS, { recursive: true })
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    return new Browser(context, profile)
  }

  async page(user: User): Promise<Page> {
    const page = await this.context.newPage()
    await page.setExtraHTTPHeaders({ authorization: basic(user) })
    page.on('console', message => {
      if (message.type() !== 'error') return
      const text = message.text()
      if (!harmless(text)) this.consoleErrors.push(`${page.url()}: ${text}`)
    })
    page.on('pageerror', error => {
      if (!harmless(error.message)) this.consoleErrors.push(`${page.url()}: ${error.message}`)
    })
    page.on('response', response => {
      if (response.status() >= 400 && !harmlessFailedRequest(response.url())) this.consoleErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`)
    })
    return page
  }

  async close() {
    await this.context.close()
    rmSync(this.profile, { recursive: true, force: true })
  }
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
