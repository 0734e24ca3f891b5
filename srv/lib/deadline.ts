/** Settles as `work` does, or rejects once `ms` have passed; the timer never keeps the process alive */
export function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()
  })
  return Promise.race([work, expired]).finally(() => clearTimeout(timer))
}
