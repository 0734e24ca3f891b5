import cds from '@sap/cds'
import { runChain } from '#cds-models/ProcessingService'
import { registerExecutors } from './actions'
import { ChainRunner } from './processing/chain-runner'

/** Runs action chains handed over by intake through the persistent queue */
export default class ProcessingService extends cds.ApplicationService {
  override async init() {
    registerExecutors()
    const runner = new ChainRunner()
    this.on(runChain, req => runner.run(req.data.event))
    // cds awaits async listeners of 'shutdown'
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    cds.on('shutdown', () => runner.stop())
    return super.init()
  }
}
