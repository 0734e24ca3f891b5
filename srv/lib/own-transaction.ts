import cds from '@sap/cds'

/**
 * Runs `fn` in a transaction of its own, committed when it returns, independent of any
 * transaction around the caller. Chain steps record their progress this way, so a step's
 * record survives the failure of the next; and no step holds a database connection while it
 * waits for an external system.
 */
export const inOwnTransaction = <T>(fn: () => PromiseLike<T>) => cds.tx({ user: new cds.User.Privileged() }, async () => fn())
