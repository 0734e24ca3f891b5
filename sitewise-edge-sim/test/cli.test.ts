import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { HELP, OPTIONS, parseCli, parseDuration, parseStart } from '../src/cli-options'
import { main } from '../src/cli'

const CLI = join(__dirname, '../src/cli.ts')

/** Captures what the command line writes */
function io() {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const text = { out: '', err: '' }
  stdout.on('data', (chunk: Buffer) => (text.out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (text.err += chunk.toString()))
  return { streams: { stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream }, text }
}

describe('command line', () => {
  it('prints --help from the real entry point and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, '--help'], { cwd: join(__dirname, '..') })
    expect(stdout).toBe(HELP)
  })

  it('explains every option it accepts', () => {
    for (const [name, option] of Object.entries(OPTIONS)) {
      expect(HELP).toMatch(new RegExp(`^  ${'short' in option ? `-${option.short}, ` : ''}--${name}\\b`, 'm'))
    }
  })

  it.each([
    [['--out', 'x', '--bogus'], /Unknown option '--bogus'/],
    [[], /choose at least one sink/],
    [['--out', 'x', '--duration', '4 hours'], /not a duration/],
    [['--out', 'x', '--format', 'parquet'], /unknown format parquet/],
    [['--out', 'x', '--speed', '0'], /--speed must be a positive number/],
    [['--out', 'x', '--start', 'yesterday'], /not a time/],
    [['--out', 'x', '--faults', '/nonexistent/faults.json'], /cannot read/],
  ])('refuses %j with a clear message and exit code 2', async (argv, message) => {
    const { streams, text } = io()
    expect(await main(argv, streams)).toBe(2)
    expect(text.err).toMatch(message)
    expect(text.err).toMatch(/--help/)
  })

  it('reads durations and relative starts', () => {
    expect([parseDuration('90', 'd'), parseDuration('15m', 'd'), parseDuration('4h', 'd'), parseDuration('2d', 'd')]).toEqual([90, 900, 14_400, 172_800])
    const now = Date.parse('2026-03-02T12:34:56.789Z')
    expect(parseStart('now-4h', now).toISOString()).toBe('2026-03-02T08:34:00.000Z')
    expect(parseStart('2025-01-06T06:00:00Z', now).toISOString()).toBe('2025-01-06T06:00:00.000Z')
  })

  it('starts a SiteWise run inside the accepted window unless told otherwise', () => {
    const now = Date.parse('2026-03-02T12:00:00Z')
    const options = parseCli(['--sitewise', '--duration', '2h'], now)
    expect(options !== 'help' && new Date(options.run.start ?? 0).toISOString()).toBe('2026-03-02T10:00:00.000Z')
  })

  it('validates a fault file entry by entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'))
    try {
      const file = join(dir, 'faults.json')
      writeFileSync(file, JSON.stringify([{ kind: 'MELTDOWN', assetId: 'x', startOffset: 0, duration: 60 }]))
      const { streams, text } = io()
      expect(await main(['--out', dir, '--faults', file], streams)).toBe(2)
      expect(text.err).toMatch(/entry 0 .* kind must be one of BEARING_WEAR/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('runs a scenario into a folder and prints the summary with the ground truth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'))
    try {
      const { streams, text } = io()
      const argv = ['--out', join(dir, 'out'), '--duration', '2h', '--speed', 'max', '--format', 'jsonl', '--manifest', join(dir, 'm.json'), '--fleet-map', join(dir, 'f.json')]
      expect(await main(argv, streams)).toBe(0)
      const manifest = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'))
      expect(manifest.faults).toHaveLength(5)
      expect(text.out).toMatch(/17,280 samples, 4 objects/)
      for (const fault of manifest.faults) expect(text.out).toContain(fault.propertyAlias)
      // not a terminal: one progress line per interval
      expect(text.err.trimEnd().split('\n')).toHaveLength(4)
      expect(text.err).toMatch(/100% plant 2025-01-06T08:00Z/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
