import cds from '@sap/cds'
import { Event, Events } from '#cds-models/MonitoringService'
import { chainScheduler } from './processing/chain-scheduler'
import { reprocess } from './processing/reprocess'

/** What happened to events, runs and incidents; admins may resume failed events */
export default class MonitoringService extends cds.ApplicationService {
  override async init() {
    this.on(Event.actions.reprocess, async req => {
      const [{ ID }] = req.params as [{ ID: string }]
      if (!(await reprocess(ID, req.user.id))) {
        const exists = await SELECT.one.from(Events).columns('status_code').where({ ID })
        if (!exists) throw req.reject(404, `event ${ID} does not exist`)
        throw req.reject(409, `only FAILED events can be reprocessed; this one is ${exists.status_code ?? 'unknown'}`)
      }
      req.on('succeeded', () => chainScheduler().offer([ID]))
      return (await SELECT.one.from(Events).where({ ID })) as Event
    })
    // rows only: aggregates (charts, KPIs) have no ID and no action to hide
    this.after('READ', Events, (events, req) => {
      const hidden = !req.user.is('Admin')
      for (const event of [events].flat() as ({ ID?: string; reprocessHidden?: boolean } | undefined)[]) if (event?.ID) event.reprocessHidden = hidden
    })
    return super.init()
  }
}
