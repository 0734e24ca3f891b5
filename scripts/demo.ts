/**
 * The one-command local demo: the CAP processor with its mocks, a local S3 server with the
 * Lambda handler on every created object, and a simulator scenario streamed through them.
 *
 *   npm start                  run the demo, then keep the servers up until Ctrl-C
 *   npm start -- --once        run it once and exit (non-zero when a fault got no notification)
 *   npm start -- --help
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { progressPrinter } from '../sitewise-edge-sim/src/progress'
import { closeOneIncident, printClosedLoop } from './demo/close-loop'
import { startDemoPipeline } from './demo/pipeline'
import { startProcessor } from './demo/processor-server'
import { printSummary } from './demo/summary'

const HELP = `Usage: npm start -- [options]

Runs the whole pipeline on this machine: simulator → local S3 → Lambda → mock broker →
CAP processor → mock AI Core and mock S/4, then prints a summary; completes one
notification in the mock S/4 and shows its incident closing.

Options:
  --once            run the scenario once, print the summary and exit (for CI)
  --port <n>        port of the CAP server (default 4004; 0 picks a free one)
  --s3-port <n>     port of the local S3 server (default 4568; 0 picks a free one)
  --seed <n>        simulator seed (default: the simulator's; same seed, same faults)
  --speed <n>       plant seconds per wall-clock second (default 1800: 4 h of plant time in 8 s)
  --format <f>      export format: avro (cold tier, default) or jsonl (property notifications)
  --help            this text

Logs go to .demo/ (server.log, lambda.log); the ground truth to .demo/manifest.json.`

async function main() {
  const { values } = parseArgs({
    options: {
      once: { type: 'boolean', default: false },
      port: { type: 'string', default: '4004' },
      's3-port': { type: 'string', default: '4568' },
      seed: { type: 'string' },
      speed: { type: 'string', default: '1800' },
      format: { type: 'string', default: 'avro' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) return console.log(HELP)
  const format = values.format
  if (format !== 'avro' && format !== 'jsonl') throw new Error(`--format must be avro or jsonl, not ${format}`)
  const workDir = path.join(__dirname, '..', '.demo')
  // a fresh start: the processor's database is in memory, so the local S3 starts empty too
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })

  console.log('starting the CAP processor with its mocks …')
  const processor = await startProcessor(Number(values.port), path.join(workDir, 'server.log'))
  const pipeline = await startDemoPipeline({ serverUrl: processor.url, workDir, s3Port: Number(values['s3-port']) })
  const stop = async () => {
    await pipeline.stop()
    await processor.stop()
  }
  try {
    console.log(`processor on ${processor.url}, local S3 on ${pipeline.s3Endpoint}; simulating …`)
    const report = await pipeline.run({
      ...(values.seed !== undefined && { seed: Number(values.seed) }),
      speed: Number(values.speed),
      formats: [format],
      onProgress: progressPrinter(process.stdout),
    })
    printSummary(report, processor.url)
    printClosedLoop(await closeOneIncident(pipeline.client))
    const missed = report.manifest.faults.filter(f => !report.notifications.some(n => n.assetId === f.assetId && n.anomalyType === f.anomalyType))
    if (missed.length > 0) process.exitCode = 1
    for (const fault of missed) console.error(`no notification for ${fault.kind} on ${fault.assetName}`)
  } catch (error) {
    await stop()
    throw error
  }
  if (values.once) return stop()
  console.log('\nservers keep running; Ctrl-C stops them')
  await new Promise<void>(resolve => process.once('SIGINT', () => resolve()))
  await stop()
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
