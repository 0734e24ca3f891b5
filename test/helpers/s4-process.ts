import { spawn } from 'node:child_process'
import path from 'node:path'
import { stopGracefully } from '../../scripts/demo/processor-server'
import { standInClient } from './s4-stand-in'

const ROOT = path.join(__dirname, '..', '..')
const STARTUP_MS = 60_000

/**
 * The S/4 stand-in in a process of its own, as `npm run s4` starts it (node + tsx directly,
 * so stopping it leaves no orphan), on 127.0.0.1 and a free port.
 */
export async function startS4Process() {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', 'tsx', 'mocks/src/s4/serve.ts', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the S/4 stand-in did not start within ${STARTUP_MS / 1000} s:\n${log}`)), STARTUP_MS)
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const origin = /listening on (http:\/\/[\d.]+:\d+)\/sap\/opu\/odata\/sap/.exec(log)?.[1]
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
      reject(new Error(`the S/4 stand-in exited (${code}) before listening:\n${log}`))
    })
  })
  return { url, client: standInClient(() => url), stop: () => stopGracefully(child) }
}
