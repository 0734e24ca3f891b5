/** The demo's closing report: what went in, what came out, and where to look */
import type { DemoReport } from './pipeline'

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** `serverUrl`: where to look afterwards, when the servers keep running; without it, no links */
export function printSummary(report: DemoReport, serverUrl?: string) {
  const latencies = report.notifications.flatMap(n => (n.latencyMs === undefined ? [] : [n.latencyMs]))
  console.log('\nPipeline summary')
  console.table({
    'points generated': report.points,
    'objects written to S3': report.objects,
    'faults injected': report.manifest.faults.length,
    'anomalies detected (published)': report.anomaliesPublished,
    'events received': report.events.received,
    'duplicates dropped': report.events.duplicates,
    suppressed: report.events.suppressed,
    'notifications created': report.s4Notifications.length,
    failed: report.events.failed,
    rejected: report.events.rejected,
  })
  console.log('Notifications in S/4')
  console.table(
    report.notifications.map(n => ({
      number: n.number,
      asset: n.assetName ?? n.assetId,
      fault: n.anomalyType,
      'S3 write → notification (ms)': n.latencyMs,
    })),
  )
  if (latencies.length > 0) console.log(`latency from S3 write to notification: p50 ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms`)
  if (!serverUrl) return
  console.log(`
Look at:
  launchpad (Fiori apps)     ${serverUrl}/launchpad/index.html      (admin/admin or viewer/viewer)
  services                   ${serverUrl}/                          (CAP index: OData services, metadata)
  monitoring (OData V4)      ${serverUrl}/odata/v4/monitoring/Events
  mock broker queues         ${serverUrl}/mock/aem/queues           (publisher/publisher)
  mock S/4 notifications     ${serverUrl}/mock/s4/sap/opu/odata/sap/API_MAINTNOTIFICATION/MaintenanceNotification   (s4user/s4pass)`)
}
