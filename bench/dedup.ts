/**
 * How should intake detect a redelivered event? Measures, on the real model and database,
 * storing events when 10 % are duplicates, two ways, against a baseline of unique inserts:
 * - insert-first: INSERT and treat the unique-constraint violation as "duplicate" (one round trip)
 * - check-first:  SELECT by eventId, then INSERT (two round trips, and racy across instances)
 */
import cds from '@sap/cds'
import { Events } from '#cds-models/e2ba'
import { uniqueViolation } from '../srv/lib/db-errors'
import { eventRow, anomalyEvent } from '../test/factories/events'
import { measure, type Result } from './measure'

// cds.deploy is not typed by @cap-js/cds-types
const { deploy } = cds as unknown as {
  deploy: (model: string) => { to: (db: string, options: { silent: boolean }) => Promise<unknown> }
}

const EVENTS = 2000
const DUPLICATE_SHARE = 0.1

/** The same stream for every variant: ids repeat at the given share */
const stream = (label: string) => {
  const originals = Array.from({ length: Math.round(EVENTS * (1 - DUPLICATE_SHARE)) }, () => anomalyEvent())
  const repeats = originals.slice(0, EVENTS - originals.length)
  return [...originals, ...repeats].map(event => eventRow({ ...event, id: `${label}-${event.id}` }))
}

const insertFirst = async (row: ReturnType<typeof eventRow>) => {
  try {
    await INSERT.into(Events).entries(row)
  } catch (error) {
    if (!uniqueViolation(error)) throw error
  }
}

const checkFirst = async (row: ReturnType<typeof eventRow>) => {
  const seen = await SELECT.one.from(Events).columns('ID').where({ eventId: row.eventId })
  if (!seen) await INSERT.into(Events).entries(row)
}

export async function run(): Promise<Result[]> {
  await deploy(`${cds.root}/db`).to('sqlite::memory:', { silent: true })
  const unique = Array.from({ length: EVENTS }, () => eventRow())
  const baseline = await measure('unique inserts (baseline)', unique, row => INSERT.into(Events).entries(row))
  const results = [
    baseline,
    await measure('insert-first, 10 % duplicates', stream('a'), insertFirst),
    await measure('check-first, 10 % duplicates', stream('b'), checkFirst),
  ]
  return results.map(r => ({ ...r, ratio: r.perSecond / baseline.perSecond }))
}
