import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { stopGracefully } from '../../scripts/demo/processor-server'
import { ROOT } from './bundle'

const STARTUP_MS = 60_000
const LISTENING = /server listening on \{ url: 'http:\/\/localhost:(\d+)' \}/

export interface ProductionServer {
  url: string
  pid: number
  /** everything the process wrote to stdout and stderr so far */
  log(): string
  stop(): Promise<void>
}

/**
 * Starts the installed bundle as Cloud Foundry does: plain node, `cds-serve`, NODE_ENV
 * production, bindings in VCAP_SERVICES, nothing inherited from the test's environment but
 * PATH and HOME. The only preload binds the listener to 127.0.0.1.
 */
export function spawnProduction(app: string, env: Record<string, string>) {
  let log = ''
  const child = spawn(process.execPath, ['--import', path.join(ROOT, 'test', 'helpers', 'loopback.mjs'), path.join('node_modules', '@sap', 'cds', 'bin', 'serve.js'), '--port', '0'], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (chunk: Buffer) => {
    log += chunk.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  return { child, log: () => log }
}

export async function startProduction(app: string, env: Record<string, string>): Promise<ProductionServer> {
  const { child, log } = spawnProduction(app, env)
  const port = await listening(child, log)
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, log, stop: () => stopGracefully(child) }
}

/** Resolves with the exit code and the output of a start that is expected to fail */
export function failedStart(app: string, env: Record<string, string>) {
  const { child, log } = spawnProduction(app, env)
  return new Promise<{ code: number | null; log: string }>(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_MS)
    child.once('exit', code => {
      clearTimeout(timer)
      resolve({ code, log: log() })
    })
  })
}

function listening(child: ChildProcess, log: () => string) {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${STARTUP_MS / 1000} s`), STARTUP_MS)
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`the production server ${why}:\n${log().slice(-4000)}`))
    }
    const check = () => {
      const port = LISTENING.exec(log())?.[1]
      if (!port) return
      clearTimeout(timer)
      child.stdout?.off('data', check)
      resolve(port)
    }
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', code => fail(`exited (${code}) before listening`))
  })
}
