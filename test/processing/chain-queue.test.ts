import { randomUUID } from 'node:crypto'
import { ActionRuns, Events, LogItems } from '#cds-models/e2ba'
import { chainQueue } from '../../srv/processing/chain-queue'
import { anomalyEvent, eventRow } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { serve } from '../helpers/server'

serve()

const ACTION_AI_SUMMARY = '0a000000-0000-4000-8000-000000000001'
const ACTION_NOTIFY_M2 = '0a000000-0000-4000-8000-000000000002'

describe('the persistent queue in front of the chain runner', () => {
  it('ends an event FAILED, with the reason, when the queue gives up on its chain', async () => {
    // a stored payload the runner cannot read: an error the queue does not retry
    const row = eventRow(anomalyEvent(), 'PROCESSING')
    row.payload = '{ cut short'
    await INSERT.into(Events).entries(row)
    // the step being tried when the queue gave up, and one after it
    const [tried, next] = [randomUUID(), randomUUID()]
    await INSERT.into(ActionRuns).entries([
      { ID: tried, event_ID: row.ID, phase_code: 'PRE', position: 1, action_ID: ACTION_AI_SUMMARY, status_code: 'PENDING', attempts: 3 },
      { ID: next, event_ID: row.ID, phase_code: 'MAIN', position: 1, action_ID: ACTION_NOTIFY_M2, status_code: 'PENDING', attempts: 0 },
    ])
    const { enqueue } = await chainQueue()
    await enqueue(row.ID as string)
    const failed = await eventually(async () => {
      const event = await SELECT.one.from(Events).columns('status_code', 'statusReason').where({ ID: row.ID })
      if (event?.status_code !== 'FAILED') throw new Error(`still ${event?.status_code}`)
      return event
    }, 20_000)
    expect(failed.statusReason).toMatch(/^processing gave up: .*JSON/)
    expect((await SELECT.one.from(ActionRuns, tried))?.status_code).toBe('FAILED')
    expect((await SELECT.one.from(ActionRuns, next))?.status_code).toBe('SKIPPED')
    expect(await SELECT.from(LogItems).columns('level_code', 'message').where({ run_ID: tried })).toEqual([
      { level_code: 'ERROR', message: expect.stringMatching(/^processing gave up: /) as string },
    ])
  })
})
