import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'

const STARTUP_MS = 60_000

/** Resolves with what `pattern` captures once a stand-in process logs that it listens; rejects if it exits first */
export function listeningOrigin(child: ChildProcessByStdio<null, Readable, Readable>, pattern: RegExp, name: string) {
  let log = ''
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${STARTUP_MS / 1000} s:\n${log}`)), STARTUP_MS)
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const origin = pattern.exec(log)?.[1]
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
}
