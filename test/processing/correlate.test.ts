import { Correlation } from '../../srv/processing/correlate'
import { anomalyEvent } from '../factories/events'

const severityRank = new Map([
  ['WARNING', 1],
  ['CRITICAL', 2],
])
const rule = { ID: 'rule', suppressionMinutes: 30 }

/** An event whose window starts `minute` minutes after 10:00 and lasts one minute */
const at = (minute: number, data: Parameters<typeof anomalyEvent>[0] = {}) =>
  anomalyEvent({
    windowStart: new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString(),
    windowEnd: new Date(Date.UTC(2026, 10, 25, 10, minute + 1)).toISOString(),
    ...data,
  })

describe('Correlation: one open incident per asset and anomaly type', () => {
  it('opens an incident for the first event and suppresses the next ones inside the window', () => {
    const correlation = new Correlation([], severityRank)
    const first = correlation.correlate(at(0, { value: 8, severity: 'WARNING' }), rule)
    const second = correlation.correlate(at(10, { value: 12, severity: 'CRITICAL' }), rule)
    expect(first.suppressed).toBe(false)
    expect(second).toMatchObject({ suppressed: true, incident: { ID: first.incident.ID } })
    expect(correlation.created).toEqual([
      expect.objectContaining({ eventCount: 2, peakValue: 12, peakSeverity_code: 'CRITICAL', lastSeen: '2026-11-25T10:11:00.000Z', suppressUntil: '2026-11-25T10:41:00.000Z' }),
    ])
  })

  it('slides the window with every event, so a lasting fault stays one incident', () => {
    const correlation = new Correlation([], severityRank)
    const results = [0, 25, 50, 75].map(minute => correlation.correlate(at(minute), rule))
    expect(results.map(r => r.suppressed)).toEqual([false, true, true, true])
    expect(correlation.created).toHaveLength(1)
  })

  it('closes the incident and opens a new one after a quiet window', () => {
    const correlation = new Correlation([], severityRank)
    const first = correlation.correlate(at(0), rule)
    const later = correlation.correlate(at(45), rule)
    expect(later.suppressed).toBe(false)
    expect(later.incident.ID).not.toBe(first.incident.ID)
    expect(first.incident).toMatchObject({ status_code: 'CLOSED', openSlot: first.incident.ID })
  })

  it('keeps assets and anomaly types apart', () => {
    const correlation = new Correlation([], severityRank)
    correlation.correlate(at(0, { assetId: 'a' }), rule)
    const otherAsset = correlation.correlate(at(1, { assetId: 'b' }), rule)
    const otherType = correlation.correlate(at(2, { assetId: 'a', anomalyType: 'DRIFT' }), rule)
    expect([otherAsset.suppressed, otherType.suppressed]).toEqual([false, false])
    expect(correlation.created).toHaveLength(3)
  })

  it('joins an incident opened earlier (by this or another instance) and reports it as changed', () => {
    const open = new Correlation([], severityRank).correlate(at(0), rule).incident
    const correlation = new Correlation([open], severityRank)
    expect(correlation.correlate(at(5), rule).suppressed).toBe(true)
    expect([...correlation.changed]).toEqual([expect.objectContaining({ ID: open.ID, eventCount: 2 })])
    expect(correlation.created).toEqual([])
  })

  it('never suppresses when the rule has no suppression window', () => {
    const correlation = new Correlation([], severityRank)
    const results = [0, 1].map(minute => correlation.correlate(at(minute), { ID: 'rule', suppressionMinutes: 0 }))
    expect(results.map(r => r.suppressed)).toEqual([false, false])
  })
})
