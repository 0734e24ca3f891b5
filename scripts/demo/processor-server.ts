/**
 * Starts the CAP processor as a child process (development profile: sqlite in memory, mock
 * broker, mock S/4, BPA and AI Core) with its log in a file, and resolves with its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import path from 'node:path'

const ROOT = path.join(__dirname, '..', '..')
const LISTENING = /server listening on \{ url: '([^']+)' \}/

/** `env` adds settings, e.g. CDS_CONFIG with other credentials for the mocks */
export async function startProcessor(port: number, logFile: string, env: NodeJS.ProcessEnv = {}) {
  const log = createWriteStream(logFile)
  // cds-tsx from the project's own bin folder: run by npm, it finds the project's Node 22 first
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'cds-tsx'), ['serve', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '--disable-warning=ExperimentalWarning', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  const url = await new Promise<string>((resolve, reject) => {
    let seen = ''
    child.stdout.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096)
      const match = LISTENING.exec(seen)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', code => reject(new Error(`the CAP server exited with code ${code} before listening; see ${logFile}`)))
  })
  return {
    url,
    stop: () => stopGracefully(child),
  }
}

/** SIGTERM, as a platform stops an app: the server settles what is in flight, then exits */
export const stopGracefully = (child: ChildProcess) =>
  new Promise<void>(resolve => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
