/** Times one variant over the same inputs: operations per second, after a short warm-up */
export interface Result {
  name: string
  operations: number
  perSecond: number
  /** throughput relative to the baseline of the same run */
  ratio?: number
  /** latency percentiles in ms, where measured */
  p50?: number
  p99?: number
}

export async function measure<T>(name: string, inputs: T[], operation: (input: T) => PromiseLike<unknown>): Promise<Result> {
  const warmUp = Math.min(50, Math.floor(inputs.length / 10))
  for (const input of inputs.slice(0, warmUp)) await operation(input)
  const measured = inputs.slice(warmUp)
  const start = process.hrtime.bigint()
  for (const input of measured) await operation(input)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { name, operations: measured.length, perSecond: measured.length / seconds }
}
