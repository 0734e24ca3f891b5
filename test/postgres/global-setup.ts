import { startEmbeddedPostgres } from '../../scripts/scale/embedded-postgres'
import { TEMPLATE_DATABASE } from '../helpers/postgres'

/**
 * A real PostgreSQL for the postgres project, with the app's schema and seed data deployed
 * once into a template database that each test copies.
 */
export default async function globalSetup() {
  const postgres = await startEmbeddedPostgres()
  ;(globalThis as { e2baPostgres?: typeof postgres }).e2baPostgres = postgres
  await postgres.deploy(TEMPLATE_DATABASE)
  process.env.E2BA_TEST_POSTGRES = JSON.stringify(postgres.server)
}
