import cds from '@sap/cds'

const LOG = cds.log('shutdown')

/**
 * An orderly stop. CAP calls every 'shutdown' listener at once, the database's disconnect
 * among them, so messages still being stored and chain steps still running would meet a
 * closed database ("no such table", lost retry records). Work registered here stops in the
 * order below, one after the other, and the database's disconnect waits until all of it has.
 */
export const STOP_ORDER = {
  /** the consumer's flows, then what is being stored */
  intake: 1,
  /** the steps in progress finish and record their outcome, no new one starts */
  chainRunner: 2,
  /** reads of notifications' status in progress finish and are recorded */
  notificationStatus: 3,
} as const

const steps: { order: number; name: string; stop: () => Promise<unknown> }[] = []
let stopping: Promise<void> | undefined

/** Adds work that must stop before the database goes */
export function stopBeforeDatabase(name: keyof typeof STOP_ORDER, stop: () => Promise<unknown>) {
  steps.push({ order: STOP_ORDER[name], name, stop })
}

function stopAll() {
  stopping ??= (async () => {
    for (const { name, stop } of steps.toSorted((a, b) => a.order - b.order)) {
      try {
        await stop()
      } catch (error) {
        LOG.error(`stopping ${name} failed:`, error)
      }
    }
  })()
  return stopping
}

type Disconnectable = cds.Service & { isDatabaseService?: boolean; disconnect: (...args: unknown[]) => Promise<unknown> }

function lastToGo(db: Disconnectable) {
  const disconnect = db.disconnect.bind(db)
  db.disconnect = async (...args: unknown[]) => {
    await stopAll()
    return disconnect(...args)
  }
}

// cds awaits async listeners of 'shutdown'
// eslint-disable-next-line @typescript-eslint/no-misused-promises
cds.on('shutdown', stopAll)
cds.on('connect', service => {
  if ((service as Disconnectable).isDatabaseService) lastToGo(service as Disconnectable)
})
