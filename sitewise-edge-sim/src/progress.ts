import type { Progress, RunResult } from './run'
import type { SiteWiseStats } from './sinks/sitewise'

const WIDTH = 28

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** One line: bar, plant time, totals so far and the faults under way */
export function progressLine(p: Progress): string {
  const done = Math.round((p.interval / p.intervals) * WIDTH)
  const bar = '█'.repeat(done) + '░'.repeat(WIDTH - done)
  const percent = String(Math.round((p.interval / p.intervals) * 100)).padStart(3)
  const faults = p.activeFaults.length > 0 ? ` faults: ${p.activeFaults.join(', ')}` : ''
  return `${bar} ${percent}% plant ${p.plantTime.slice(0, 16)}Z ${p.points.toLocaleString('en')} samples ${p.objects} objects ${megabytes(p.bytes)}${faults}`
}

/**
 * Progress on a terminal redraws one line in place; elsewhere (CI logs, pipes) each interval
 * prints a line of its own, so nothing relies on carriage returns.
 */
export function progressPrinter(stream: NodeJS.WriteStream): (p: Progress) => void {
  return p => {
    const line = progressLine(p)
    if (stream.isTTY) stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns || 120) - 1))}${p.interval === p.intervals ? '\n' : ''}`)
    else stream.write(line + '\n')
  }
}

export function summary(result: RunResult, elapsedMs: number, files: { manifest: string; fleetMap: string }, sitewise?: SiteWiseStats): string {
  const bytes = result.objects.reduce((n, o) => n + o.bytes, 0)
  const lines = [
    `plant time ${result.manifest.start} → ${result.manifest.end} in ${(elapsedMs / 1000).toFixed(1)} s`,
    `${result.points.toLocaleString('en')} samples, ${result.objects.length} objects, ${megabytes(bytes)}`,
    `healthy: ${result.manifest.healthyAssets.join(', ') || 'none'}`,
    `faults (${result.manifest.faults.length}):`,
    ...result.manifest.faults.map(f => `  ${f.kind.padEnd(12)} ${f.propertyAlias.padEnd(36)} ${f.start} → ${f.end}  expect ${f.anomalyType} (${f.measurement})`),
    `manifest: ${files.manifest}`,
    `fleet map: ${files.fleetMap}`,
  ]
  if (sitewise) {
    lines.push(`SiteWise: ${sitewise.values} values accepted in ${sitewise.requests} requests, ${sitewise.retries} retries`)
    for (const r of sitewise.rejected) lines.push(`  rejected ${r.values} of ${r.propertyAlias}: ${r.errorCode} ${r.message}`)
  }
  return lines.join('\n') + '\n'
}
