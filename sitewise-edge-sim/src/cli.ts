import { resolve } from 'node:path'
import { HELP, parseCli, UsageError } from './cli-options'
import { progressPrinter, summary } from './progress'
import { runScenario } from './run'
import { folderSink } from './sinks/folder'
import { s3Sink } from './sinks/s3'
import type { Sink } from './sinks/sink'
import { siteWiseSink } from './sinks/sitewise'

export interface Io {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
}

/** The command line; resolves with the exit code */
export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let options
  try {
    options = parseCli(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`${error.message}\nRun with --help to see every option.\n`)
    return 2
  }
  if (options === 'help') {
    io.stdout.write(HELP)
    return 0
  }

  const sinks: Sink[] = []
  if (options.out) sinks.push(folderSink(options.out))
  if (options.s3) sinks.push(s3Sink(options.s3))
  const sitewise = options.sitewise ? siteWiseSink(options.sitewise) : undefined
  if (sitewise) sinks.push(sitewise)

  // Ctrl-C ends the run after the interval in flight, so every object written is whole
  const abort = new AbortController()
  const stop = () => abort.abort()
  process.once('SIGINT', stop)
  const began = performance.now()
  try {
    const manifest = resolve(options.manifestFile)
    const fleetMap = resolve(options.fleetMapFile)
    const result = await runScenario({
      ...options.run,
      sinks,
      manifestFile: manifest,
      fleetMapFile: fleetMap,
      signal: abort.signal,
      onProgress: options.quiet ? undefined : progressPrinter(io.stderr),
    })
    io.stdout.write(summary(result, performance.now() - began, { manifest, fleetMap }, sitewise?.stats))
    return sitewise && sitewise.stats.rejected.length > 0 ? 1 : 0
  } catch (error) {
    io.stderr.write(`simulation failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`)
    return 1
  } finally {
    process.removeListener('SIGINT', stop)
    for (const sink of sinks) sink.close?.()
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(code => (process.exitCode = code))
}
