import cds from '@sap/cds'
import { runChain } from '#cds-models/ProcessingService'
import { ChainRunner } from './processing/chain-runner'

/** Runs action chains handed over by intake through the persistent queue */
export default class ProcessingService extends cds.ApplicationService {
  override async init() {
    const runner = new ChainRunner()
    this.on(runChain, req => runner.run(req.data.event))
    return super.init()
  }
}
