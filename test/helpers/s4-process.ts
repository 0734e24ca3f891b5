import { spawn } from 'node:child_process'
import path from 'node:path'
import { stopGracefully } from '../../scripts/demo/processor-server'
import { listeningOrigin } from './listening'
import { standInClient } from './s4-stand-in'

const ROOT = path.join(__dirname, '..', '..')

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
  const url = await listeningOrigin(child, /listening on (http:\/\/[\d.]+:\d+)\/sap\/opu\/odata\/sap/, 'the S/4 stand-in')
  return { url, client: standInClient(() => url), stop: () => stopGracefully(child) }
}
