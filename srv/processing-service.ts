import cds from '@sap/cds'
import { registerExecutors } from './actions'
import { stopBeforeDatabase } from './lib/orderly-shutdown'
import { chainScheduler } from './processing/chain-scheduler'

/** Runs the action chains of stored events: due chains are found in the database (see ChainScheduler) */
export default class ProcessingService extends cds.ApplicationService {
  override async init() {
    registerExecutors()
    const scheduler = chainScheduler()
    // new chains, retries that are due, and chains whose instance died are found from here on
    cds.once('served', () => scheduler.start())
    stopBeforeDatabase('chainRunner', () => scheduler.stop())
    return super.init()
  }
}
