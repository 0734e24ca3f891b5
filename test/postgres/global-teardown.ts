import type { startEmbeddedPostgres } from '../../scripts/scale/embedded-postgres'

export default async function globalTeardown() {
  await (globalThis as { e2baPostgres?: Awaited<ReturnType<typeof startEmbeddedPostgres>> }).e2baPostgres?.stop()
}
