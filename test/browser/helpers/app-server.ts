import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const ROOT = path.join(__dirname, '..', '..', '..')
const STARTUP_MS = 240_000

export interface AppServer {
  url: string
  stop(): Promise<void>
}

/**
 * Serves the app as `npm start` does (cds-plugin-ui5 with SAPUI5 from npm, mocks, seed data),
 * on 127.0.0.1 and a free port, in its own process: cds-plugin-ui5 does not run inside jest.
 */
export async function startAppServer(): Promise<AppServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, CDS_TYPESCRIPT: 'tsx', NO_COLOR: '1' }
  // run like `npm start`: development profile, UI5 middleware on
  delete env.NODE_ENV
  delete env.JEST_WORKER_ID
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--import', 'tsx', '--import', './test/browser/helpers/loopback.ts', 'node_modules/@sap/cds/bin/serve.js', '--port', '0'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const url = await listeningUrl(child)
  return {
    url,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
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
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const port = /server listening on \{ url: 'http:\/\/localhost:(\d+)' \}/.exec(log)?.[1]
      if (port) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${port}`)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', code => fail(new Error(`the app exited (${code}) before listening:\n${log.slice(-3000)}`)))
  })
}
