import cds from '@sap/cds'
import { ActionKindCode, ActionRuns, EventStatusCode, Events as EventRows, Incidents as IncidentRows, RunStatusCode } from '#cds-models/e2ba'
import { Event, Events, Incident, IncidentSample, IncidentSamples, Incidents, Kpi, Kpis } from '#cds-models/MonitoringService'
import type { AnomalyEvent } from '#contract'
import { chainScheduler } from './processing/chain-scheduler'
import { reprocess } from './processing/reprocess'

const DAY_MS = 86_400_000
/** the events whose samples an incident's chart merges: the latest ones, each carries at most 50 */
const SAMPLED_EVENTS = 10
/** the S/4 Fiori app that displays a notification, unless cds.requires.s4ui.intent names another */
const DEFAULT_INTENT = 'MaintenanceNotification-displayFactSheet'

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

    this.before('READ', Incidents, req => selectAlso(req.query, VIRTUAL_INPUTS))
    this.after('READ', Incidents, async (incidents, req) => {
      const rows = [incidents].flat().filter((incident): incident is Incident => incident !== undefined)
      for (const incident of rows) withVirtuals(incident)
      // the database has no samples to join: an $expand of them is answered here
      if (expands(req.query, 'samples')) for (const incident of rows) incident.samples = await samplesOf(incident.ID)
    })
    this.on('READ', IncidentSamples, req => samplesOf(incidentOf(req)))
    this.on('READ', Kpis, req => kpis(req.locale ?? cds.env.i18n.default_language))
    return super.init()
  }
}

/** the columns each virtual element of Incidents is computed from */
const VIRTUAL_INPUTS: Record<string, string[]> = {
  notificationUrl: ['notificationNumber'],
  peakAgainstThreshold: ['peakValue', 'threshold', 'unit'],
}

/** Adds the inputs of the requested virtual elements to an explicit column list, so a $select of one alone works */
function selectAlso(query: cds.ql.Query, inputs: Record<string, string[]>) {
  const columns = (query as { SELECT?: { columns?: { ref?: string[] }[] } }).SELECT?.columns
  if (!columns || columns.some(c => c.ref?.[0] === '*')) return
  const selected = new Set(columns.map(c => (c.ref?.length === 1 ? c.ref[0] : undefined)))
  const missing = Object.entries(inputs).flatMap(([element, needs]) => (selected.has(element) ? needs.filter(need => !selected.has(need)) : []))
  for (const need of new Set(missing)) columns.push({ ref: [need] })
}

const expands = (query: cds.ql.Query, element: string) =>
  Boolean((query as { SELECT?: { columns?: { ref?: string[]; expand?: unknown }[] } }).SELECT?.columns?.some(c => c.ref?.[0] === element && c.expand))

function withVirtuals(incident: Incident) {
  const { notificationNumber, peakValue, threshold, unit } = incident
  incident.notificationUrl = notificationNumber ? notificationUrl(notificationNumber) : null
  incident.peakAgainstThreshold = peakValue == null ? null : [decimal(peakValue), threshold != null && `/ ${decimal(threshold)}`, unit].filter(Boolean).join(' ')
}

const decimal = (value: number) => Number(value.toFixed(2)).toString()

/**
 * Where a notification opens: `<url>#<intent>?MaintenanceNotification=<number>` with the S/4 UI
 * at cds.requires.s4ui.url, or just the hash without one, which the launchpad around the app
 * (SAP Build Work Zone) resolves as a navigation to the S/4 app
 */
function notificationUrl(number: string) {
  const { url = '', intent = DEFAULT_INTENT } = (cds.env.requires as { s4ui?: { url?: string; intent?: string } }).s4ui ?? {}
  return `${url}#${intent}?MaintenanceNotification=${encodeURIComponent(number)}`
}

/** The incident a samples read is about: Incidents(ID)/samples, or a filter `incident_ID eq <ID>` */
function incidentOf(req: cds.Request) {
  const [parent] = req.params as ({ ID?: string } | string | undefined)[]
  if (parent) return typeof parent === 'string' ? parent : parent.ID
  const where = (req.query as { SELECT: { where?: unknown[] } }).SELECT.where
  if (!where) return undefined
  const [ref, op, val] = where as [{ ref?: string[] }, string, { val?: unknown }]
  if (where.length === 3 && ref.ref?.join('.') === 'incident_ID' && op === '=' && typeof val.val === 'string') return val.val
  throw req.reject(400, 'samples are read per incident: Incidents(<ID>)/samples, or $filter=incident_ID eq <ID>')
}

async function samplesOf(incident: string | undefined): Promise<IncidentSample[]> {
  if (!incident) return []
  const row = await SELECT.one.from(IncidentRows).columns('threshold', 'unit').where({ ID: incident })
  if (!row) return []
  const events = await SELECT.from(EventRows).columns('payload').where({ incident_ID: incident, payload: { '!=': null } }).orderBy('receivedAt desc').limit(SAMPLED_EVENTS)
  // the latest event's reading of a point wins: events overlap when their windows do
  const byTime = new Map<string, IncidentSample>()
  for (const { payload } of events) {
    for (const { time, value, quality } of samplesIn(payload)) {
      if (!byTime.has(time)) byTime.set(time, { incident_ID: incident, time, value, quality, threshold: row.threshold, unit: row.unit })
    }
  }
  return [...byTime.values()].sort((a, b) => Date.parse(a.time ?? '') - Date.parse(b.time ?? ''))
}

/** `data.samples` of a stored event; nothing for an event without them (e.g. the legacy shape) */
function samplesIn(payload: string | null | undefined) {
  let samples: unknown
  try {
    samples = (JSON.parse(payload ?? 'null') as Partial<AnomalyEvent> | null)?.data?.samples
  } catch {
    return []
  }
  if (!Array.isArray(samples)) return []
  return (samples as { time?: unknown; value?: unknown; quality?: unknown }[]).flatMap(({ time, value, quality }) => {
    const at = typeof time === 'string' ? Date.parse(time) : NaN
    if (Number.isNaN(at) || typeof value !== 'number' || !Number.isFinite(value)) return []
    return [{ time: new Date(at).toISOString(), value, quality: typeof quality === 'string' ? quality : null }]
  })
}

/** The monitor's figures: see the Kpis entity for what each counts */
async function kpis(locale: string): Promise<Kpi[]> {
  const since = new Date(Date.now() - DAY_MS).toISOString()
  // a count comes as a number, or from PostgreSQL's bigint as a string
  const [byStatus, notifications] = (await Promise.all([
    SELECT.from(EventRows).columns('status_code', 'count(1) as count').where({ receivedAt: { '>=': since } }).groupBy('status_code'),
    SELECT.from(ActionRuns)
      .columns('finishedAt', 'event.receivedAt as receivedAt')
      .where({ 'action.kind_code': ActionKindCode.S4_MAINTENANCE_NOTIFICATION, status_code: RunStatusCode.SUCCEEDED, finishedAt: { '>=': since } }),
  ])) as unknown as [{ status_code: string; count: number | string }[], { finishedAt: string; receivedAt: string }[]]
  const count = (status: string) => Number(byStatus.find(s => s.status_code === status)?.count ?? 0)
  const events = byStatus.reduce((sum, { count }) => sum + Number(count), 0)
  const suppressed = count(EventStatusCode.SUPPRESSED)
  const seconds = notifications.map(n => (Date.parse(n.finishedAt) - Date.parse(n.receivedAt)) / 1000)
  return [
    {
      period: 'P1D',
      periodName: cds.i18n.labels.at('KpiLast24Hours', locale) ?? 'P1D',
      events,
      failed: count(EventStatusCode.FAILED),
      suppressed,
      suppressedShare: events ? round1((suppressed / events) * 100) : 0,
      notifications: notifications.length,
      medianSecondsToNotification: seconds.length ? round1(median(seconds)) : null,
    },
  ]
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const round1 = (value: number) => Math.round(value * 10) / 10
