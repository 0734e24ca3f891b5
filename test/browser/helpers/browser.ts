import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { harmless, harmlessFailedRequest } from './console'

const ROOT = path.join(__dirname, '..', '..', '..')
const DEBIAN_CHROMIUM = '/usr/bin/chromium'
/** keep the browser from calling out: the tests run offline */
const WEAKENING = ['--disable-web-security', '--allow-running-insecure-content']
const QUIET = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * The Chromium to drive: CHROMIUM_PATH if set, else Debian's if installed, else the headless Chromium of the
 * npm package @sparticuz/chromium (a dev dependency), which unpacks itself into the temp dir on first use
 * (/tmp/chromium, about 2 s) and brings the flags it needs (headless shell, no sandbox, SwiftShader).
 */
async function chromiumToLaunch(): Promise<{ executablePath: string; args: string[] }> {
  const system = process.env.CHROMIUM_PATH ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined)
  if (system) {
    if (!existsSync(system)) throw new Error(`no Chromium at CHROMIUM_PATH=${system}`)
    return { executablePath: system, args: ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET] }
  }
  // @sparticuz/chromium is an ES module only, which jest's CommonJS runtime cannot load: a child Node asks it
  const script = `import chromium from '@sparticuz/chromium'
process.stdout.write(JSON.stringify({ executablePath: await chromium.executablePath(), args: chromium.args }))`
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT })
  const sparticuz = JSON.parse(stdout) as { executablePath: string; args: string[] }
  // the package turns web security off for its serverless use; the tests keep the browser's checks
  const args = sparticuz.args.filter(arg => !WEAKENING.includes(arg.split('=')[0] ?? ''))
  return { executablePath: sparticuz.executablePath, args: [...args, ...QUIET] }
}

/** screenshots of every page, kept as test artifacts (test-results/ is git-ignored) */
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'browser')

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
    const { executablePath, args } = await chromiumToLaunch()
    const profile = mkdtempSync(path.join(os.tmpdir(), 'e2ba-chromium-'))
    mkdirSync(SCREENSHOTS, { recursive: true })
    const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, viewport: { width: 1440, height: 900 }, args })
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
