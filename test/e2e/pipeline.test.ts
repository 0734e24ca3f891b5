/**
 * The whole pipeline on one machine, every hop real: simulator → local S3 → Lambda handler →
 * mock broker over HTTP → queue consumer → rules → AI mock → mock S/4. Judged against the
 * simulator's ground-truth manifest.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { externalReference } from '../../srv/actions/external-reference'
import { closeOneIncident } from '../../scripts/demo/close-loop'
import { startDemoPipeline, type DemoPipeline, type DemoReport } from '../../scripts/demo/pipeline'
import { serve } from '../helpers/server'

const server = serve()
let pipeline: DemoPipeline | undefined
let first: DemoReport

const faultKeys = (report: DemoReport) => report.manifest.faults.map(f => `${f.assetId} ${f.anomalyType}`).sort()
const notifiedKeys = (report: DemoReport) => report.notifications.map(n => `${n.assetId} ${n.anomalyType}`).sort()

beforeAll(async () => {
  pipeline = await startDemoPipeline({ serverUrl: server.url, workDir: mkdtempSync(path.join(tmpdir(), 'e2ba-e2e-')) })
  first = await pipeline.run()
}, 120_000)

afterAll(() => pipeline?.stop())

describe('the default scenario through every hop', () => {
  it('yields exactly one notification per injected fault, for its asset and fault (precision and recall 1.0)', () => {
    expect(first.manifest.faults.length).toBeGreaterThanOrEqual(4)
    expect(notifiedKeys(first)).toEqual(faultKeys(first))
    // each notification exists in S/4, referring to its incident
    expect(first.s4Notifications.map(n => n.MaintenanceNotification).sort()).toEqual(first.notifications.map(n => n.number).sort())
    const references = first.incidents.filter(i => i.notificationNumber).map(i => externalReference(i.ID))
    expect(first.s4Notifications.map(n => n.MaintNotifExtReferenceNumber).sort()).toEqual(references.sort())
  })

  it('raises nothing for healthy assets', () => {
    const healthy = new Set(first.manifest.healthyAssets)
    expect(healthy.size).toBeGreaterThan(0)
    expect(first.incidents.filter(i => healthy.has(i.assetName ?? ''))).toEqual([])
  })

  it('processes every published event, none failed or rejected, the storm of a fault suppressed into its incident', () => {
    expect(first.anomaliesPublished).toBeGreaterThan(first.manifest.faults.length)
    expect(first.events).toMatchObject({ received: first.anomaliesPublished, failed: 0, rejected: 0, duplicates: 0 })
    expect(first.events.suppressed).toBe(first.events.received - first.incidents.length)
  })

  it('creates no extra notification when the same scenario runs again', async () => {
    const again = await (pipeline as DemoPipeline).run()
    expect(again.events.duplicates).toBe(first.anomaliesPublished)
    expect(again.events.received).toBe(first.events.received)
    expect(again.s4Notifications).toHaveLength(first.s4Notifications.length)
    expect(notifiedKeys(again)).toEqual(faultKeys(first))
  }, 120_000)

  it('closes an incident once a planner completes its notification in S/4 (the business event comes back through the broker)', async () => {
    const closed = await closeOneIncident((pipeline as DemoPipeline).client)
    expect(closed?.incident).toMatchObject({ status_code: 'CLOSED', notificationStatus: 'Completed' })
    expect(closed?.incident.closeReason).toBe(`notification ${closed?.incident.notificationNumber} completed in S/4`)
  })
})
