import { randomUUID } from 'node:crypto'
import type { AnomalyEvent } from '#contract'
import { IncidentStatusCode } from '#cds-models/e2ba'
import type { AnomalyType, Measurement, Severity } from '#cds-models/e2ba/contract'

/** An incident row as correlation reads and writes it */
export interface IncidentRow {
  ID: string
  assetId: string
  assetName?: string | null
  anomalyType_code: AnomalyType
  measurement_code?: Measurement | null
  status_code: IncidentStatusCode
  openSlot: string
  firstSeen: string
  lastSeen: string
  suppressUntil: string
  eventCount: number
  peakValue?: number | null
  peakSeverity_code?: Severity | null
  rule_ID?: string | null
  threshold?: number | null
  unit?: string | null
  closedAt?: string | null
  closeReason?: string | null
}

const keyOf = (assetId: string, anomalyType: string) => `${assetId}\u0000${anomalyType}`
const later = (a: string, b: string) => (a > b ? a : b)
const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString()

/**
 * Alarm-storm suppression for a batch of events, in arrival order. One open incident per
 * asset and anomaly type: an event inside the open incident's window joins it (count, last
 * seen, peak) and is suppressed; the window slides with every event, so a lasting fault
 * stays one incident. Outside the window the old incident closes and a new one opens.
 * The caller persists `created` and `changed`; the database's unique constraint settles
 * races between instances.
 */
export class Correlation {
  private readonly open = new Map<string, IncidentRow>()
  readonly created: IncidentRow[] = []
  readonly changed = new Set<IncidentRow>()
  private readonly createdIds = new Set<string>()

  constructor(
    openIncidents: readonly IncidentRow[],
    private readonly severityRank: ReadonlyMap<string, number>,
    private readonly now = new Date().toISOString(),
  ) {
    for (const incident of openIncidents) this.open.set(keyOf(incident.assetId, incident.anomalyType_code), { ...incident })
  }

  /** Links the event to its incident; `suppressed` when an open incident already covers it */
  correlate(event: AnomalyEvent, rule: { ID: string; suppressionMinutes: number }): { incident: IncidentRow; suppressed: boolean } {
    const { data } = event
    const key = keyOf(data.assetId, data.anomalyType)
    const current = this.open.get(key)
    const windowEnd = addMinutes(data.windowEnd, rule.suppressionMinutes)
    if (current && rule.suppressionMinutes > 0 && data.windowStart <= current.suppressUntil) {
      this.join(current, event, windowEnd)
      return { incident: current, suppressed: true }
    }
    if (current) this.close(current)
    const incident: IncidentRow = {
      ID: randomUUID(),
      assetId: data.assetId,
      assetName: data.assetName ?? null,
      anomalyType_code: data.anomalyType,
      measurement_code: data.measurement,
      status_code: IncidentStatusCode.OPEN,
      openSlot: 'OPEN',
      firstSeen: data.windowStart,
      lastSeen: data.windowEnd,
      suppressUntil: windowEnd,
      eventCount: 1,
      peakValue: data.value ?? null,
      peakSeverity_code: data.severity,
      threshold: data.threshold ?? null,
      unit: data.unit ?? null,
      rule_ID: rule.ID,
    }
    this.open.set(key, incident)
    this.created.push(incident)
    this.createdIds.add(incident.ID)
    return { incident, suppressed: false }
  }

  private join(incident: IncidentRow, event: AnomalyEvent, windowEnd: string) {
    const { data } = event
    incident.eventCount += 1
    incident.lastSeen = later(incident.lastSeen, data.windowEnd)
    incident.suppressUntil = later(incident.suppressUntil, windowEnd)
    if (data.value != null && (incident.peakValue == null || data.value > incident.peakValue)) incident.peakValue = data.value
    if ((this.severityRank.get(data.severity) ?? 0) > (this.severityRank.get(incident.peakSeverity_code ?? '') ?? 0)) {
      incident.peakSeverity_code = data.severity
    }
    if (!this.createdIds.has(incident.ID)) this.changed.add(incident)
  }

  private close(incident: IncidentRow) {
    incident.status_code = IncidentStatusCode.CLOSED
    incident.openSlot = incident.ID
    incident.closedAt = this.now
    incident.closeReason = 'its suppression window lapsed'
    if (!this.createdIds.has(incident.ID)) this.changed.add(incident)
  }
}
