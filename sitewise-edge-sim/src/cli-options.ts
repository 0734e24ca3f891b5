import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { FaultSpec } from './faults'
import { EXPORT_FORMATS, type ExportFormat, type RunOptions } from './run'
import { DEFAULT_SEED, DEFAULT_START } from './scenario'

export const HELP = `sitewise-edge-sim: a stand-in for an AWS IoT SiteWise Edge gateway

Simulates the fleet of db/data/e2ba-Assets.csv (motors and pumps in plants 1010 and 1710),
each with Vibration (mm/s RMS) and Temperature (°C), injects faults on a schedule, and writes
the telemetry to SiteWise itself, to an S3 bucket or to a folder, in SiteWise's own formats.
The same seed and start give byte-identical output and the same ground-truth manifest.

Usage: npm run sim -w sitewise-edge-sim -- [options]

Scenario
  --seed <n>              seed of every random draw (default ${DEFAULT_SEED})
  --start <time>          plant time of the start: ISO 8601, "now" or "now-<duration>"
                          (default ${DEFAULT_START}; with --sitewise: now minus --duration,
                          as SiteWise accepts no value older than 7 days)
  --duration <d>          plant time simulated, e.g. 90m, 4h, 2d (default 4h)
  --sample-interval <d>   time between two samples of a sensor (default 10s)
  --object-interval <d>   plant time each round of objects covers (default 30m)
  --speed <n|max>         plant seconds per wall-clock second (default 1800: 4 h in 8 s);
                          "max" runs as fast as the sinks allow
  --faults <what>         "default" (5 faults across both plants, 7 healthy assets),
                          "none" (a healthy fleet) or a JSON file with a list of
                          { kind, assetId, startOffset, duration, property?, peak? }
                          where kind is BEARING_WEAR | OVERHEATING | SPIKE | DROPOUT and
                          offsets and durations are seconds from the start
  --alarms                add a VibrationAlarm property per asset whose state (JSON in
                          stringValue: NORMAL, ACTIVE above 7.1 mm/s, then LATCHED) is exported

Output
  --format <list>         comma-separated export formats (default avro):
                          avro   cold-tier raw files, snappy Avro, one per series, interval
                                 and quality: {prefix}/raw/startYear=…/seriesBucket=…/raw_….avro
                          json   one PropertyValueUpdate notification per series and interval
                          jsonl  all notifications of an interval as JSON Lines
  --prefix <p>            key prefix of every object (default sitewise)
  --manifest <file>       ground truth of the injected faults (default sim-manifest.json)
  --fleet-map <file>      asset map for the Lambda's ASSET_MAP_FILE (default sim-fleet-map.json)

Sinks (at least one)
  --out <dir>             write the objects as files under <dir>
  --s3-bucket <name>      put the objects into an S3 bucket (credentials: the AWS default chain)
  --s3-endpoint <url>     S3 endpoint other than AWS, e.g. http://127.0.0.1:4568 (path-style)
  --s3-region <region>    region of the bucket (default AWS_REGION or us-east-1)
  --create-bucket         create the bucket when missing (local S3 servers)
  --sitewise              send the samples to AWS IoT SiteWise with BatchPutAssetPropertyValue
                          (10 entries × 10 values a request, retried with backoff when throttled)
  --sitewise-region <r>   region of SiteWise (default AWS_REGION)
  --address-by <how>      "alias" (default: propertyAlias) or "ids" (assetId + propertyId)

Display
  --quiet                 no progress bar, only the final summary
  -h, --help              this text
`

/** Every option the command line accepts; --help documents each one */
export const OPTIONS = {
  seed: { type: 'string' },
  start: { type: 'string' },
  duration: { type: 'string' },
  'sample-interval': { type: 'string' },
  'object-interval': { type: 'string' },
  speed: { type: 'string' },
  faults: { type: 'string' },
  alarms: { type: 'boolean' },
  format: { type: 'string' },
  prefix: { type: 'string' },
  manifest: { type: 'string' },
  'fleet-map': { type: 'string' },
  out: { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  'create-bucket': { type: 'boolean' },
  sitewise: { type: 'boolean' },
  'sitewise-region': { type: 'string' },
  'address-by': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<Parameters<typeof parseArgs>[0]>['options']

export class UsageError extends Error {
  override name = 'UsageError'
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** `90`, `90s`, `15m`, `4h`, `2d` → seconds */
export function parseDuration(text: string, name: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim())
  if (!match) throw new UsageError(`${name}: not a duration: ${text} (e.g. 10s, 30m, 4h)`)
  const seconds = Number(match[1]) * (UNITS[match[2] || 's'] ?? 1)
  if (seconds <= 0) throw new UsageError(`${name} must be longer than zero`)
  return seconds
}

export function parseStart(text: string, now: number): Date {
  const relative = /^now(?:-(.+))?$/.exec(text.trim())
  if (relative) {
    const back = relative[1] ? parseDuration(relative[1], '--start') : 0
    // whole minutes, so a relative start still lines up with the sample grid
    return new Date(Math.floor((now - back * 1000) / 60_000) * 60_000)
  }
  const date = new Date(text)
  if (!Number.isFinite(date.getTime())) throw new UsageError(`--start: not a time: ${text}`)
  return date
}

const FAULT_KINDS = new Set(['BEARING_WEAR', 'OVERHEATING', 'SPIKE', 'DROPOUT'])

/** A fault schedule from a file: untrusted, so every entry is checked before use */
export function parseFaultFile(path: string): FaultSpec[] {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`--faults: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!Array.isArray(data) || data.length > 1000) throw new UsageError(`--faults: ${path} must hold a list of at most 1000 faults`)
  return data.map((raw: unknown, i) => {
    const where = `--faults: entry ${i} of ${path}`
    if (typeof raw !== 'object' || raw === null) throw new UsageError(`${where} is not an object`)
    const f = raw as Partial<Record<keyof FaultSpec, unknown>>
    if (typeof f.kind !== 'string' || !FAULT_KINDS.has(f.kind)) throw new UsageError(`${where}: kind must be one of ${[...FAULT_KINDS].join(', ')}`)
    if (typeof f.assetId !== 'string') throw new UsageError(`${where}: assetId missing`)
    if (typeof f.startOffset !== 'number' || typeof f.duration !== 'number') throw new UsageError(`${where}: startOffset and duration must be seconds`)
    if (f.property !== undefined && f.property !== 'vibration' && f.property !== 'temperature') throw new UsageError(`${where}: property must be vibration or temperature`)
    if (f.peak !== undefined && typeof f.peak !== 'number') throw new UsageError(`${where}: peak must be a number`)
    return f as FaultSpec
  })
}

export interface CliOptions {
  run: RunOptions
  manifestFile: string
  fleetMapFile: string
  out?: string
  s3?: { bucket: string; endpoint?: string; region?: string; createBucket: boolean }
  sitewise?: { region?: string; addressBy: 'alias' | 'ids' }
  quiet: boolean
}

export function parseCli(argv: readonly string[], now = Date.now()): CliOptions | 'help' {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: OPTIONS,
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help) return 'help'

  const seed = Number(values.seed ?? DEFAULT_SEED)
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`)
  const durationSeconds = parseDuration(values.duration ?? '4h', '--duration')
  const formats = (values.format ?? 'avro').split(',').map(f => f.trim()) as ExportFormat[]
  const unknownFormat = formats.find(f => !EXPORT_FORMATS.includes(f))
  if (unknownFormat !== undefined) throw new UsageError(`--format: unknown format ${unknownFormat}; known: ${EXPORT_FORMATS.join(', ')}`)
  const speedText = values.speed ?? '1800'
  const speed = speedText === 'max' ? Infinity : Number(speedText)
  if (!(speed > 0)) throw new UsageError(`--speed must be a positive number or "max", got ${speedText}`)
  const addressBy = values['address-by'] ?? 'alias'
  if (addressBy !== 'alias' && addressBy !== 'ids') throw new UsageError(`--address-by must be alias or ids, got ${addressBy}`)
  const faultsText = values.faults ?? 'default'
  const faults = faultsText === 'default' || faultsText === 'none' ? faultsText : parseFaultFile(faultsText)
  const sitewise = values.sitewise ?? false
  const start = values.start
    ? parseStart(values.start, now)
    : sitewise
      ? parseStart(`now-${durationSeconds}s`, now)
      : new Date(DEFAULT_START)

  const options: CliOptions = {
    run: {
      seed,
      start,
      durationSeconds,
      sampleIntervalSeconds: parseDuration(values['sample-interval'] ?? '10s', '--sample-interval'),
      objectIntervalSeconds: parseDuration(values['object-interval'] ?? '30m', '--object-interval'),
      speed,
      faults,
      alarms: values.alarms ?? false,
      formats,
      prefix: values.prefix ?? 'sitewise',
    },
    manifestFile: values.manifest ?? 'sim-manifest.json',
    fleetMapFile: values['fleet-map'] ?? 'sim-fleet-map.json',
    out: values.out,
    s3: values['s3-bucket']
      ? { bucket: values['s3-bucket'], endpoint: values['s3-endpoint'], region: values['s3-region'], createBucket: values['create-bucket'] ?? false }
      : undefined,
    sitewise: sitewise ? { region: values['sitewise-region'], addressBy } : undefined,
    quiet: values.quiet ?? false,
  }
  if (!options.out && !options.s3 && !options.sitewise) throw new UsageError('choose at least one sink: --out <dir>, --s3-bucket <name> or --sitewise')
  if (values['s3-endpoint'] && !options.s3) throw new UsageError('--s3-endpoint needs --s3-bucket')
  return options
}
