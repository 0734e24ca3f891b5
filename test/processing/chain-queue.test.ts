import { Events } from '#cds-models/e2ba'
import { chainQueue } from '../../srv/processing/chain-queue'
import { anomalyEvent, eventRow } from '../factories/events'
import { eventually } from '../helpers/eventually'
import { serve } from '../helpers/server'

serve()

describe('the persistent queue in front of the chain runner', () => {
  it('ends an event FAILED, with the reason, when the queue gives up on its chain', async () => {
    // a stored payload the runner cannot read: an error the queue does not retry
    const row = eventRow(anomalyEvent(), 'PROCESSING')
    row.payload = '{ cut short'
    await INSERT.into(Events).entries(row)
    const { enqueue } = await chainQueue()
    await enqueue(row.ID as string)
    const failed = await eventually(async () => {
      const event = await SELECT.one.from(Events).columns('status_code', 'statusReason').where({ ID: row.ID })
      if (event?.status_code !== 'FAILED') throw new Error(`still ${event?.status_code}`)
      return event
    }, 20_000)
    expect(failed.statusReason).toMatch(/^processing gave up: .*JSON/)
  })
})
