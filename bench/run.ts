/**
 * Runs every benchmark, each in a process of its own (they set up their own databases), and
 * prints each variant's throughput with its ratio to the baseline measured in the same run:
 * absolute numbers vary by machine, ratios are what to compare.
 *   npm run bench            all benchmarks
 *   npm run bench -- intake  one of them
 */
import { execFileSync } from 'node:child_process'
import type { Result } from './measure'

// benchmarks serve no Fiori apps: keep SAPUI5 out of the measured processes
process.env.CDS_PLUGIN_UI5_ACTIVE ??= 'false'

const benchmarks: Record<string, () => Promise<{ run: () => Promise<Result[]> }>> = {
  dedup: () => import('./dedup.js'),
  execution: () => import('./execution.js'),
  intake: () => import('./intake.js'),
  lambda: () => import('./lambda.js'),
  production: () => import('./production.js'),
  scale: () => import('./scale.js'),
}

function print(name: string, results: Result[]) {
  console.log(`\n${name}`)
  console.table(
    results.map(r => ({
      variant: r.name,
      operations: r.operations,
      'ops/s': Math.round(r.perSecond),
      'vs baseline': r.ratio?.toFixed(2),
      ...(r.p50 !== undefined && { 'p50 ms': r.p50.toFixed(1), 'p99 ms': r.p99?.toFixed(1) }),
    })),
  )
}

async function main() {
  const [only] = process.argv.slice(2)
  const load = only ? benchmarks[only] : undefined
  if (only && !load) throw new Error(`unknown benchmark ${only}; known: ${Object.keys(benchmarks).join(', ')}`)
  if (load) {
    print(only as string, await (await load()).run())
    process.exit(0)
  }
  for (const name of Object.keys(benchmarks)) {
    execFileSync(process.execPath, [...process.execArgv, __filename, name], { stdio: 'inherit' })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
