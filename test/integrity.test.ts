import { randomUUID } from 'node:crypto'
import { Events, Incidents } from '#cds-models/e2ba'
import type { AnomalyType } from '#cds-models/e2ba/contract'
import { uniqueViolation } from '../srv/lib/db-errors'
import { anomalyEvent, eventRow, MOTOR_1 } from './factories/events'
import { serve } from './helpers/server'

serve()

/** Runs an insert and returns what the database said about uniqueness */
const violationOf = async (insert: () => PromiseLike<unknown>) => {
  try {
    await insert()
  } catch (error) {
    return uniqueViolation(error)
  }
  return undefined
}

describe('the database enforces what several instances must agree on', () => {
  it('stores an event id once: a redelivered event cannot be stored twice', async () => {
    const event = anomalyEvent()
    await INSERT.into(Events).entries(eventRow(event))
    const violation = await violationOf(() => INSERT.into(Events).entries(eventRow(event)))
    // PostgreSQL folds the names to lower case
    expect(violation?.columns.map(column => column.toLowerCase())).toEqual(['eventid'])
    expect(await SELECT.from(Events).where({ eventId: event.id })).toHaveLength(1)
  })

  describe('one open incident per asset and anomaly type', () => {
    const incident = (anomalyType: AnomalyType) => ({
      ID: randomUUID(),
      assetId: MOTOR_1.assetId,
      anomalyType_code: anomalyType,
      firstSeen: '2026-11-25T10:00:00Z',
      lastSeen: '2026-11-25T10:00:00Z',
    })

    it('refuses a second open incident', async () => {
      await INSERT.into(Incidents).entries(incident('DRIFT'))
      const violation = await violationOf(() => INSERT.into(Incidents).entries(incident('DRIFT')))
      expect(violation?.columns.map(column => column.toLowerCase())).toContain('openslot')
      expect(await SELECT.from(Incidents).where({ assetId: MOTOR_1.assetId, anomalyType_code: 'DRIFT' })).toHaveLength(1)
    })

    it('allows another anomaly type on the same asset', async () => {
      await INSERT.into(Incidents).entries(incident('RATE_OF_CHANGE'))
      await expect(INSERT.into(Incidents).entries(incident('BAD_QUALITY'))).resolves.toBeDefined()
    })

    it('opens a new incident once the old one is closed', async () => {
      const first = incident('ALARM')
      await INSERT.into(Incidents).entries(first)
      await UPDATE(Incidents, first.ID).with({ status_code: 'CLOSED', openSlot: first.ID, closedAt: '2026-11-25T12:00:00Z' })
      await INSERT.into(Incidents).entries(incident('ALARM'))
      const rows = await SELECT.from(Incidents).columns('status_code').where({ assetId: MOTOR_1.assetId, anomalyType_code: 'ALARM' })
      expect(rows.map(r => r.status_code).sort()).toEqual(['CLOSED', 'OPEN'])
    })
  })
})

describe('uniqueViolation', () => {
  it('reads the columns from SQLite', () => {
    const error = new Error('UNIQUE constraint failed: e2ba_ChainSteps.chain_ID, e2ba_ChainSteps.phase_code, e2ba_ChainSteps.position')
    expect(uniqueViolation(error)).toEqual({ columns: ['chain_ID', 'phase_code', 'position'] })
  })

  it('reads the columns from PostgreSQL', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "e2ba_chainsteps_position"'), {
      code: '23505',
      detail: 'Key (chain_id, phase_code, "position")=(0c, MAIN, 1) already exists.',
    })
    expect(uniqueViolation(error)).toEqual({ columns: ['chain_id', 'phase_code', 'position'] })
  })

  it('recognises SAP HANA by its error code', () => {
    const error = Object.assign(new Error('unique constraint violated: Table(E2BA_EVENTS), Index(E2BA_EVENTS_EVENTID)'), { code: 301 })
    expect(uniqueViolation(error)).toEqual({ columns: [] })
  })

  it.each([new Error('NOT NULL constraint failed: e2ba_Events.eventId'), 'UNIQUE constraint failed: x.y', undefined, null])(
    'ignores anything else: %p',
    error => {
      expect(uniqueViolation(error)).toBeUndefined()
    },
  )
})
