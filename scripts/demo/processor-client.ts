/**
 * What the demo reads back from the running processor, through its protocols only: the
 * monitoring service (OData V4, as the development admin) and the mock S/4 (OData V2).
 */
const ADMIN = { username: 'admin', password: 'admin' }
/** the mock S/4's local credentials (mocks/src/index.ts), unless the run gives it others */
const MOCK_S4 = { username: 's4user', password: 's4pass' }

const basic = ({ username, password }: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

async function request<T>(url: string, credentials: { username: string; password: string }, method = 'GET'): Promise<T> {
  const response = await fetch(url, { method, headers: { authorization: basic(credentials), accept: 'application/json' } })
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const getJson = <T>(url: string, credentials: { username: string; password: string }) => request<T>(url, credentials)

export interface EventRow {
  eventId: string
  status_code: string
  duplicates: number
  assetId: string | null
  anomalyType_code: string | null
  incident_ID: string | null
}

export interface IncidentRow {
  ID: string
  assetId: string
  assetName: string | null
  anomalyType_code: string
  eventCount: number
  notificationNumber: string | null
  status_code: string
  notificationStatus: string | null
  closeReason: string | null
}

export interface RunRow {
  event_ID: string
  actionKind: string
  status_code: string
  finishedAt: string | null
}

export interface MaintenanceNotification {
  MaintenanceNotification: string
  NotificationText: string
  MaintNotifExtReferenceNumber: string
}

const INCIDENT_COLUMNS = 'ID,assetId,assetName,anomalyType_code,eventCount,notificationNumber,status_code,notificationStatus,closeReason'

/** `s4Url`: the S/4 stand-in's origin when it runs in a process of its own (default: the processor's /mock/s4) */
export function processorClient(baseUrl: string, s4Credentials = MOCK_S4, s4Url = `${baseUrl}/mock/s4`) {
  const monitoring = `${baseUrl}/odata/v4/monitoring`
  const all = async <T>(entitySet: string, select: string) => {
    const rows: T[] = []
    for (let skip = 0; ; skip += 1000) {
      const page = await getJson<{ value: T[] }>(`${monitoring}/${entitySet}?$select=${select}&$top=1000&$skip=${skip}`, ADMIN)
      rows.push(...page.value)
      if (page.value.length < 1000) return rows
    }
  }
  return {
    events: () => all<EventRow & { ID: string }>('Events', 'ID,eventId,status_code,duplicates,assetId,anomalyType_code,incident_ID'),
    incidents: () => all<IncidentRow>('Incidents', INCIDENT_COLUMNS),
    incident: (ID: string) => getJson<IncidentRow>(`${monitoring}/Incidents(${ID})?$select=${INCIDENT_COLUMNS}`, ADMIN),
    /** What a planner does in S/4 once the work is done (the stand-in's control API) */
    completeNotification: (number: string) => request<object>(`${s4Url}/$control/notifications/${number}/complete`, s4Credentials, 'POST'),
    runs: () => all<RunRow>('ActionRuns', 'event_ID,actionKind,status_code,finishedAt'),
    notifications: async () =>
      (
        await getJson<{ d: { results: MaintenanceNotification[] } }>(
          `${s4Url}/sap/opu/odata/sap/API_MAINTNOTIFICATION/MaintenanceNotification?$format=json&$select=MaintenanceNotification,NotificationText,MaintNotifExtReferenceNumber`,
          s4Credentials,
        )
      ).d.results,
  }
}

export type ProcessorClient = ReturnType<typeof processorClient>
