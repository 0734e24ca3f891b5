/**
 * Runs every benchmark and prints each variant's throughput with its ratio to the baseline
 * measured in the same run (absolute numbers vary by machine; ratios are what to compare).
 */
import * as dedup from './dedup'

const benchmarks = { dedup }

async function main() {
  for (const [name, bench] of Object.entries(benchmarks)) {
    const results = await bench.run()
    console.log(`\n${name}`)
    console.table(results.map(r => ({ variant: r.name, operations: r.operations, 'ops/s': Math.round(r.perSecond), 'vs baseline': r.ratio?.toFixed(2) })))
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
