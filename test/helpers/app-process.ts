import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stopGracefully } from '../../scripts/demo/processor-server'
import { freshPostgresDatabase, postgresEnv, testPostgres } from './postgres'

const ROOT = path.join(__dirname, '..', '..')
const STARTUP_MS = 240_000

export interface AppServer {
  url: string
  /** everything the process wrote to stdout and stderr so far */
  log(): string
  stop(): Promise<void>
  /** SIGKILL: the process dies at once, as in a crash */
  kill(): Promise<void>
}

/**
 * Serves the app as `npm start` does (development profile: cds-plugin-ui5 with SAPUI5 from
 * npm, mocks, seed data), on 127.0.0.1 and a free port, in a process of its own: for what
 * cannot run inside jest (cds-plugin-ui5) and for stopping and restarting a real server.
 * `env` adds settings, e.g. a database file.
 */
export async function startAppServer(env: NodeJS.ProcessEnv = {}): Promise<AppServer> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CDS_TYPESCRIPT: 'tsx', NO_COLOR: '1', ...env }
  delete childEnv.NODE_ENV
  delete childEnv.JEST_WORKER_ID
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', 'tsx', '--import', './test/helpers/loopback.mjs', 'node_modules/@sap/cds/bin/serve.js', '--port', '0'],
    { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let log = ''
  const collect = (chunk: Buffer) => {
    log += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const url = await listeningUrl(child)
  return {
    url,
    log: () => log,
    stop: () => stopGracefully(child),
    kill: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}

function listeningUrl(child: ChildProcess) {
  return new Promise<string>((resolve, reject) => {
    let log = ''
    const timer = setTimeout(() => fail(new Error(`the app did not start within ${STARTUP_MS / 1000} s:\n${log.slice(-3000)}`)), STARTUP_MS)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGTERM')
      reject(error)
    }
    const exited = (code: number | null) => fail(new Error(`the app exited (${code}) before listening:\n${log.slice(-3000)}`))
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const port = /server listening on \{ url: 'http:\/\/localhost:(\d+)' \}/.exec(log)?.[1]
      if (!port) return
      clearTimeout(timer)
      // done listening: scanning an ever longer log on every chunk would keep the test busy
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', exited)
      resolve(`http://127.0.0.1:${port}`)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', exited)
  })
}

/**
 * A database file for servers that stop and start again on it: `deploy` gives it the schema and
 * the seed data, `env` points a served app at it (and leaves the Fiori apps out).
 */
export function fileDatabase(name: string) {
  // in the postgres project: a database of its own on the test server, copied with schema and seed data
  const postgres = testPostgres()
  if (postgres) {
    const database = freshPostgresDatabase(postgres)
    return { env: { ...postgresEnv(postgres, database), CDS_PLUGIN_UI5_ACTIVE: 'false' }, deploy: () => {}, remove: () => {} }
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), `e2ba-${name}-`))
  const file = path.join(folder, 'db.sqlite')
  return {
    env: { CDS_REQUIRES_DB_CREDENTIALS_URL: file, CDS_PLUGIN_UI5_ACTIVE: 'false' },
    deploy: () => execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cds'), ['deploy', '--to', `sqlite:${file}`], { cwd: ROOT, stdio: 'ignore' }),
    remove: () => rmSync(folder, { recursive: true, force: true }),
  }
}
