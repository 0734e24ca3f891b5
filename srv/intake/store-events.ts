import { createHash, randomUUID } from 'node:crypto'
import type { AnomalyEvent } from '#contract'
import { ActionRuns, ChainSteps, ChannelCode, EventStatusCode, Events, Incidents, IncidentStatusCode, RuleOutcomeCode, Rules, Severities } from '#cds-models/e2ba'
import { Correlation, type IncidentRow } from '../processing/correlate'
import { decide, type DecisionRule } from '../processing/decide'
import { planChain, planDecision, type ChainStep, type PlannedRun } from '../processing/plan'

/** One message body, parsed (event) or not (reason) */
export type Received = { channel: ChannelCode; body: Uint8Array | string } & ({ event: AnomalyEvent } | { invalid: string })

export type Outcome =
  | { status: 'ACCEPTED'; eventId: string; eventStatus: EventStatusCode }
  | { status: 'DUPLICATE'; eventId: string }
  | { status: 'REJECTED'; eventId: string; reason: string }

/** The rank of each severity (a code list: it changes only with a deployment) */
export type SeverityRank = ReadonlyMap<string, number>

export const loadSeverityRank = async (): Promise<SeverityRank> =>
  new Map((await SELECT.from(Severities).columns('code', 'rank')).map(s => [s.code as string, s.rank ?? 0]))

/** Hears each stored event whose chain starts; it is due as soon as the transaction commits */
export type ChainStarted = (eventID: string) => unknown

const EXCERPT = 4096

/**
 * Stores a batch of received messages in one transaction and decides what each becomes:
 * duplicates are counted on the stored event; invalid input is stored as REJECTED with its
 * reason; every new event is decided, correlated into its incident and, unless suppressed or
 * unmatched, planned: its chain is due at once (see ChainScheduler). Nothing is acknowledged before this commits, and all of it
 * is enforced by the database (unique event id, one open incident), so any number of
 * instances may store concurrently.
 */
export async function storeEvents(batch: readonly Received[], chainStarted: ChainStarted, severityRank: SeverityRank): Promise<Outcome[]> {
  const ids = batch.map(idOf)
  const existing = new Set(
    (await SELECT.from(Events).columns('eventId').where({ eventId: { in: [...new Set(ids)] } })).map(e => e.eventId),
  )
  const seen = new Set<string>()
  const duplicates = new Map<string, number>()
  const outcomes: Outcome[] = []
  const rows: Record<string, unknown>[] = []
  const fresh: { row: Record<string, unknown>; event: AnomalyEvent }[] = []

  batch.forEach((received, i) => {
    const eventId = ids[i] as string
    if (existing.has(eventId) || seen.has(eventId)) {
      duplicates.set(eventId, (duplicates.get(eventId) ?? 0) + 1)
      outcomes.push('invalid' in received ? { status: 'REJECTED', eventId, reason: received.invalid } : { status: 'DUPLICATE', eventId })
      return
    }
    seen.add(eventId)
    if ('invalid' in received) {
      rows.push(rejectedRow(received, eventId))
      outcomes.push({ status: 'REJECTED', eventId, reason: received.invalid })
      return
    }
    const row = eventRow(received.event, received.channel)
    rows.push(row)
    fresh.push({ row, event: received.event })
    outcomes.push({ status: 'ACCEPTED', eventId, eventStatus: EventStatusCode.RECEIVED })
  })

  const started = await decideAndCorrelate(fresh, severityRank)
  if (rows.length) await INSERT.into(Events).entries(rows)
  // one statement per distinct count, not per event: a redelivered window is counted at once
  const byCount = new Map<number, string[]>()
  for (const [eventId, count] of duplicates) {
    const eventIds = byCount.get(count)
    if (eventIds) eventIds.push(eventId)
    else byCount.set(count, [eventId])
  }
  for (const [count, eventIds] of byCount) await UPDATE(Events).where({ eventId: { in: eventIds } }).with({ duplicates: { '+=': count } })
  for (const { row } of started) chainStarted(row.ID as string)

  const statusById = new Map(fresh.map(({ row }) => [row.eventId as string, row.status_code as EventStatusCode]))
  return outcomes.map(o => (o.status === 'ACCEPTED' ? { ...o, eventStatus: statusById.get(o.eventId) ?? o.eventStatus } : o))
}

/** Decides each fresh event, links it to its incident and plans the runs of those that start one */
async function decideAndCorrelate(fresh: { row: Record<string, unknown>; event: AnomalyEvent }[], severityRank: SeverityRank) {
  if (!fresh.length) return []
  const rules = (await SELECT.from(Rules).where({ active: true }).orderBy('priority')) as unknown as DecisionRule[]
  const decided = fresh.map(f => ({ ...f, rule: decide(rules, f.event, severityRank) }))

  const assetIds = [...new Set(decided.filter(d => d.rule).map(d => d.event.data.assetId))]
  const openIncidents = assetIds.length
    ? ((await SELECT.from(Incidents).where({ status_code: IncidentStatusCode.OPEN, assetId: { in: assetIds } }).forUpdate()) as unknown as IncidentRow[])
    : []
  const correlation = new Correlation(openIncidents, severityRank)
  const started: typeof decided = []

  for (const d of decided) {
    const { row, event, rule } = d
    if (!rule) {
      Object.assign(row, { status_code: EventStatusCode.DONE, statusReason: 'no rule matched' })
      continue
    }
    const { incident, suppressed } = correlation.correlate(event, rule)
    Object.assign(row, { rule_ID: rule.ID, incident_ID: incident.ID })
    if (suppressed) {
      Object.assign(row, { status_code: EventStatusCode.SUPPRESSED, statusReason: `joined the open incident of rule "${rule.name}"` })
      continue
    }
    Object.assign(row, { status_code: EventStatusCode.PROCESSING, statusReason: `rule "${rule.name}"` })
    started.push(d)
  }

  // one statement for all changed and new incidents: rows were read for update, so writing them whole is
  // safe; changed first, so that an incident closes before its successor opens (one open per asset and type)
  const incidents = [...correlation.changed, ...correlation.created]
  if (incidents.length) await UPSERT.into(Incidents).entries(incidents)
  await planRuns(started)
  return started
}

async function planRuns(started: { row: Record<string, unknown>; rule?: DecisionRule }[]) {
  const chainIds = [...new Set(started.map(s => s.rule?.chain_ID).filter((id): id is string => !!id))]
  const steps = chainIds.length ? ((await SELECT.from(ChainSteps).where({ chain_ID: { in: chainIds } })) as unknown as ChainStep[]) : []
  const runs: PlannedRun[] = started.flatMap(({ row, rule }) => {
    const eventID = row.ID as string
    if (rule?.outcome_code === RuleOutcomeCode.DELEGATE_BPA && rule.decisionAction_ID) return [planDecision(eventID, rule.decisionAction_ID)]
    return planChain(eventID, steps.filter(s => s.chain_ID === rule?.chain_ID))
  })
  if (runs.length) await INSERT.into(ActionRuns).entries(runs)
}

const idOf = (received: Received) =>
  'event' in received ? received.event.id : `rejected-${createHash('sha256').update(received.body).digest('hex')}`

function eventRow(event: AnomalyEvent, channel: ChannelCode): Record<string, unknown> {
  const { data } = event
  return {
    ID: randomUUID(),
    eventId: event.id,
    channel_code: channel,
    source: event.source,
    subject: event.subject ?? null,
    assetId: data.assetId,
    assetName: data.assetName ?? null,
    propertyAlias: data.propertyAlias ?? null,
    measurement_code: data.measurement,
    anomalyType_code: data.anomalyType,
    severity_code: data.severity,
    value: data.value ?? null,
    threshold: data.threshold ?? null,
    unit: data.unit ?? null,
    windowStart: data.windowStart,
    windowEnd: data.windowEnd,
    payload: JSON.stringify(event),
    status_code: EventStatusCode.RECEIVED,
  }
}

function rejectedRow(received: Received & { invalid: string }, eventId: string) {
  const text = typeof received.body === 'string' ? received.body : Buffer.from(received.body).toString('utf8')
  return {
    ID: randomUUID(),
    eventId,
    channel_code: received.channel,
    payload: text.length > EXCERPT ? `${text.slice(0, EXCERPT)}… (${text.length} characters)` : text,
    status_code: EventStatusCode.REJECTED,
    statusReason: received.invalid.slice(0, 1000),
  }
}
