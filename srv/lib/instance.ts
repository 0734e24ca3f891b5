import os from 'node:os'

/**
 * This app instance's name, for what each instance records on its own (its circuit breakers)
 * and tells the broker: its Cloud Foundry instance index, stable across restarts, or the host
 * where there is none.
 */
export const instanceName = () => (process.env.CF_INSTANCE_INDEX === undefined ? os.hostname() : `instance ${process.env.CF_INSTANCE_INDEX}`)
