/**
 * The local pipeline, every hop real: the simulator writes SiteWise exports into a local S3
 * server, the Lambda handler runs for each created object and publishes anomaly events over
 * HTTP to the processor's mock broker, whose consumer stores, decides and acts on them.
 * Used by the one-command demo and by the end-to-end test alike.
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { createLogger } from '../../lambda/src/log'
import { LOCAL_S3_CREDENTIALS, startLocalPipeline, type ObjectReport } from '../../lambda/src/local-runner'
import { fleetMap, resolveScenario, runScenario, s3Sink, type ExportFormat, type Manifest, type Progress } from '../../sitewise-edge-sim/src/index'
import { processorClient, type EventRow, type IncidentRow, type MaintenanceNotification } from './processor-client'

export interface DemoOptions {
  /** the running CAP processor, e.g. http://localhost:4004 */
  serverUrl: string
  /** where the local S3 server keeps its objects, and the manifest and fleet map go */
  workDir: string
  /** local S3 port on 127.0.0.1; 0 picks a free one */
  s3Port?: number
  onObject?: (report: ObjectReport) => void
  /** the broker's REST messaging URL, where it runs apart from the processor (default: its /mock/aem) */
  aemRestUrl?: string
  /** the S/4 stand-in's origin, where it runs apart from the processor (default: its /mock/s4) */
  s4Url?: string
  /** the mock broker's publisher and the mock S/4's user, where the processor was given others than the defaults */
  credentials?: { publisher?: { username: string; password: string }; s4?: { username: string; password: string } }
}

export interface ScenarioRunOptions {
  seed?: number
  /** plant seconds per wall-clock second (default: as fast as possible) */
  speed?: number
  formats?: ExportFormat[]
  onProgress?: (progress: Progress) => void
  /** how long to wait for the processor to finish what was published */
  settleTimeoutMs?: number
}

export interface NotificationOutcome {
  number: string
  assetId: string
  assetName: string | null
  anomalyType: string
  /** ms from the put of the object whose anomaly opened the incident to the notification created */
  latencyMs?: number
}

export interface DemoReport {
  manifest: Manifest
  points: number
  objects: number
  /** events the Lambda published, re-publications included */
  anomaliesPublished: number
  /** processor totals since it started */
  events: { received: number; duplicates: number; suppressed: number; done: number; failed: number; rejected: number }
  incidents: IncidentRow[]
  notifications: NotificationOutcome[]
  /** what the mock S/4 holds */
  s4Notifications: MaintenanceNotification[]
}

const FINAL = new Set(['DONE', 'FAILED', 'REJECTED', 'SUPPRESSED', 'DUPLICATE'])

export async function startDemoPipeline(options: DemoOptions) {
  const client = processorClient(options.serverUrl, options.credentials?.s4, options.s4Url)
  mkdirSync(options.workDir, { recursive: true })
  // an anomaly event id → where and when the object it came from was written
  const origin = new Map<string, string>()
  const putAt = new Map<string, number>()
  let published = 0
  const scenario = resolveScenario({})
  // the Lambda's JSON log lines go to a file, as they would to CloudWatch
  const lambdaLog = path.join(options.workDir, 'lambda.log')
  const lambda = await startLocalPipeline({
    port: options.s3Port ?? 0,
    dir: path.join(options.workDir, 's3'),
    aemRestUrl: options.aemRestUrl ?? `${options.serverUrl}/mock/aem`,
    ...(options.credentials?.publisher && { credentials: options.credentials.publisher }),
    assetMap: fleetMap(scenario.fleet),
    log: createLogger('info', line => appendFileSync(lambdaLog, `${line}\n`)),
    onObject: report => {
      for (const event of report.outcome?.events ?? []) {
        published++
        if (!origin.has(event.id)) origin.set(event.id, report.key)
      }
      options.onObject?.(report)
    },
  })
  const sink = s3Sink({ bucket: lambda.bucket, endpoint: lambda.endpoint, credentials: LOCAL_S3_CREDENTIALS })
  const timedSink = {
    ...sink,
    async put(object: Parameters<typeof sink.put>[0]) {
      if (!putAt.has(object.key)) putAt.set(object.key, Date.now())
      await sink.put(object)
    },
  }

  /** Waits until every published event is stored and settled by the processor */
  async function settled(timeoutMs: number): Promise<EventRow[]> {
    await lambda.idle()
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const events = await client.events()
      const stored = new Set(events.map(e => e.eventId))
      const pending = [...origin.keys()].filter(id => !stored.has(id)).length + events.filter(e => !FINAL.has(e.status_code)).length
      if (pending === 0) return events
      if (Date.now() > deadline) throw new Error(`the processor has not settled ${pending} events after ${timeoutMs} ms`)
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }

  async function report(manifest: Manifest, points: number, objects: number, events: EventRow[]): Promise<DemoReport> {
    const [incidents, runs, s4Notifications] = await Promise.all([client.incidents(), client.runs(), client.notifications()])
    const eventIdOf = new Map(events.map(e => [(e as EventRow & { ID: string }).ID, e.eventId]))
    const notified = new Map(
      runs.filter(r => r.actionKind === 'S4_MAINTENANCE_NOTIFICATION' && r.status_code === 'SUCCEEDED').map(r => [eventIdOf.get(r.event_ID), r]),
    )
    const notifications = incidents
      .filter(i => i.notificationNumber)
      .map(incident => {
        const first = events.find(e => e.incident_ID === incident.ID && notified.has(e.eventId))
        const run = first && notified.get(first.eventId)
        const key = first && origin.get(first.eventId)
        const written = key ? putAt.get(key) : undefined
        return {
          number: incident.notificationNumber as string,
          assetId: incident.assetId,
          assetName: incident.assetName,
          anomalyType: incident.anomalyType_code,
          ...(run?.finishedAt && written !== undefined && { latencyMs: Date.parse(run.finishedAt) - written }),
        }
      })
    const count = (status: string) => events.filter(e => e.status_code === status).length
    return {
      manifest,
      points,
      objects,
      anomaliesPublished: published,
      events: {
        received: events.length,
        duplicates: events.reduce((n, e) => n + e.duplicates, 0),
        suppressed: count('SUPPRESSED'),
        done: count('DONE'),
        failed: count('FAILED'),
        rejected: count('REJECTED'),
      },
      incidents,
      notifications,
      s4Notifications,
    }
  }

  return {
    client,
    s3Endpoint: lambda.endpoint,
    lambdaLog,
    bucket: lambda.bucket,
    /** Runs one simulator scenario through the pipeline and reports once the processor has settled */
    async run(run: ScenarioRunOptions = {}): Promise<DemoReport> {
      const result = await runScenario({
        ...(run.seed !== undefined && { seed: run.seed }),
        ...(run.speed !== undefined && { speed: run.speed }),
        formats: run.formats ?? ['avro'],
        sinks: [timedSink],
        manifestFile: path.join(options.workDir, 'manifest.json'),
        fleetMapFile: path.join(options.workDir, 'fleet-map.json'),
        ...(run.onProgress && { onProgress: run.onProgress }),
      })
      const events = await settled(run.settleTimeoutMs ?? 60_000)
      return report(result.manifest, result.points, result.objects.length, events)
    },
    async stop() {
      sink.close()
      await lambda.stop()
    },
  }
}

export type DemoPipeline = Awaited<ReturnType<typeof startDemoPipeline>>
