import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const ROOT = path.join(__dirname, '..', '..')
const GEN_SRV = path.join(ROOT, 'gen', 'srv')
/** installed bundles by lock-file hash: a rebuild with unchanged dependencies installs nothing */
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'e2ba-production')

const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: '' } })

/** `npm run build`, exactly as mta.yaml runs it */
export function build() {
  run('npm', ['run', 'build'], ROOT)
}

/** gen/srv's runtime dependencies as production installs them: `npm ci --omit=dev`, cached by lock hash */
function installedDependencies() {
  const lock = readFileSync(path.join(GEN_SRV, 'package-lock.json'))
  const dir = path.join(CACHE, createHash('sha256').update(lock).update(readFileSync(path.join(GEN_SRV, 'package.json'))).digest('hex').slice(0, 16))
  if (!existsSync(path.join(dir, 'installed'))) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(GEN_SRV, file), path.join(dir, file))
    run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], dir)
    writeFileSync(path.join(dir, 'installed'), new Date().toISOString())
  }
  return path.join(dir, 'node_modules')
}

/**
 * A copy of the built gen/srv with its production dependencies, in a directory of its own.
 * The one addition is the test database's driver (`@cap-js/sqlite`, a dev dependency): the
 * production profile's HANA is not available here, so the tests override `cds.requires.db`.
 */
export function installBundle() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2ba-bundle-'))
  const app = path.join(dir, 'app')
  cpSync(GEN_SRV, app, { recursive: true })
  cpSync(installedDependencies(), path.join(app, 'node_modules'), { recursive: true, verbatimSymlinks: true })
  const driver = path.join(app, 'node_modules', '@cap-js', 'sqlite')
  cpSync(path.join(ROOT, 'node_modules', '@cap-js', 'sqlite'), driver, { recursive: true })
  cpSync(path.join(ROOT, 'node_modules', '@cap-js', 'db-service'), path.join(driver, 'node_modules', '@cap-js', 'db-service'), { recursive: true })
  return app
}

/** A sqlite database with the schema and seed data, deployed from the project's model as HDI deploys gen/db */
export function deployTestDatabase() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'e2ba-db-')), 'production.sqlite')
  run(process.execPath, [path.join(ROOT, 'node_modules', '@sap', 'cds-dk', 'bin', 'cds.js'), 'deploy', '--to', `sqlite:${file}`], ROOT)
  return file
}
