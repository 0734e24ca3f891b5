/** Polls until the check passes (returns its value) or the time is up (throws its last error) */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise(resolve => setTimeout(resolve, intervalMs))
    }
  }
}
