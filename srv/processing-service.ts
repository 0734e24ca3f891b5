import cds from '@sap/cds'
import { runChain } from '#cds-models/ProcessingService'
import { registerExecutors } from './actions'
import { stopBeforeDatabase } from './lib/orderly-shutdown'
import { ChainRunner } from './processing/chain-runner'
import { processingConfig } from './processing/lease'

/** The queue passes the last error of the chain it gave up on as the message's results */
const failureOf = (req: cds.Request) => {
  const results = (req as unknown as { results?: { message?: unknown } }).results
  return typeof results?.message === 'string' ? results.message : 'the persistent queue ran out of attempts'
}

/** Runs action chains handed over by intake through the persistent queue */
export default class ProcessingService extends cds.ApplicationService {
  override async init() {
    registerExecutors()
    const runner = new ChainRunner()
    // chains whose instance died, or whose retry is due, are resumed by whoever finds them first
    cds.once('served', () => runner.startSweeping(processingConfig().sweepSeconds * 1000))
    this.on(runChain, req => runner.run(req.data.event))
    // the queue calls this once it gives up on a chain (see chain-queue.ts)
    this.on('runChain/#failed', req => runner.abandon((req.data as { event: string }).event, failureOf(req)))
    stopBeforeDatabase('chainRunner', () => runner.stop())
    return super.init()
  }
}
