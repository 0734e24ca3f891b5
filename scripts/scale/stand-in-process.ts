import { spawn } from 'node:child_process'
import path from 'node:path'
import { stopGracefully } from '../demo/processor-server'

const ROOT = path.join(__dirname, '..', '..')
const STARTUP_MS = 60_000

/**
 * Starts a stand-in (the S/4 stand-in, the mock broker) in a process of its own: node + tsx
 * directly, so stopping it leaves no orphan. Resolves with the origin that `listening`
 * captures from its log, once it listens.
 */
export async function startStandInProcess(script: string, args: string[], listening: RegExp, name: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.NODE_ENV
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${STARTUP_MS / 1000} s:\n${log}`)), STARTUP_MS)
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const origin = listening.exec(log)?.[1]
      if (!origin) return
      clearTimeout(timer)
      // listening: no need to read (and scan) its output any longer
      child.stdout.off('data', onData)
      child.stderr.off('data', onData)
      child.stdout.resume()
      child.stderr.resume()
      resolve(origin)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', code => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code}) before listening:\n${log}`))
    })
  })
  return { url, stop: () => stopGracefully(child) }
}

/** The S/4 stand-in, as `npm run s4` starts it, on 127.0.0.1 and a free port */
export const startS4StandIn = () =>
  startStandInProcess('mocks/src/s4/serve.ts', ['--port', '0'], /listening on (http:\/\/[\d.]+:\d+)\/sap\/opu\/odata\/sap/, 'the S/4 stand-in')
