import { randomUUID } from 'node:crypto'
import { copyDatabase, type PostgresServer } from '../../scripts/scale/postgres'

export { postgresEnv, type PostgresServer } from '../../scripts/scale/postgres'

/** The database with the schema and seed data that each test's database is copied from */
export const TEMPLATE_DATABASE = 'e2ba_template'

/**
 * The server the postgres project runs on, or undefined in every other project: in npm test,
 * their files see the global setup's E2BA_TEST_POSTGRES too, and stay on sqlite
 */
export const testPostgres = (): PostgresServer | undefined =>
  process.env.E2BA_POSTGRES_PROJECT && process.env.E2BA_TEST_POSTGRES ? (JSON.parse(process.env.E2BA_TEST_POSTGRES) as PostgresServer) : undefined

/** A fresh database copied from the template, before CAP reads its configuration */
export function freshPostgresDatabase(server: PostgresServer): string {
  const name = `e2ba_${randomUUID().replaceAll('-', '')}`
  copyDatabase(server, name, TEMPLATE_DATABASE)
  return name
}
