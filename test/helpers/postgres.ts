import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'

/** How the tests reach the PostgreSQL server that test/postgres/global-setup.ts started */
export interface PostgresServer {
  host: string
  port: number
  user: string
  password: string
}

/** The database with the schema and seed data that each test's database is copied from */
export const TEMPLATE_DATABASE = 'e2ba_template'

/** The server the postgres project runs on, or undefined in every other project */
export const testPostgres = (): PostgresServer | undefined =>
  process.env.E2BA_TEST_POSTGRES ? (JSON.parse(process.env.E2BA_TEST_POSTGRES) as PostgresServer) : undefined

/** The configuration that points a CAP app at a database of that server (as environment variables) */
export const postgresEnv = (server: PostgresServer, database: string) => ({
  CDS_REQUIRES_DB_KIND: 'postgres',
  CDS_REQUIRES_DB_CREDENTIALS_HOST: server.host,
  CDS_REQUIRES_DB_CREDENTIALS_PORT: String(server.port),
  CDS_REQUIRES_DB_CREDENTIALS_USER: server.user,
  CDS_REQUIRES_DB_CREDENTIALS_PASSWORD: server.password,
  CDS_REQUIRES_DB_CREDENTIALS_DATABASE: database,
})

/**
 * A fresh database copied from the template: schema and seed data in milliseconds instead of a
 * deployment. Synchronous, so that it can run before CAP reads its configuration.
 */
export function freshPostgresDatabase(server: PostgresServer): string {
  const name = `e2ba_${randomUUID().replaceAll('-', '')}`
  execFileSync(process.execPath, [path.join(__dirname, '..', 'postgres', 'create-database.mjs'), name, TEMPLATE_DATABASE], {
    env: { ...process.env, E2BA_TEST_POSTGRES: JSON.stringify(server) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return name
}
