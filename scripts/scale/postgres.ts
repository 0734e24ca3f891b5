import { execFileSync } from 'node:child_process'
import path from 'node:path'

/** How a CAP app (and a test) reaches a PostgreSQL server */
export interface PostgresServer {
  host: string
  port: number
  user: string
  password: string
}

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
 * Creates a database as a copy of another: schema and seed data in milliseconds instead of a
 * deployment. Synchronous, so that it can run before CAP reads its configuration.
 */
export function copyDatabase(server: PostgresServer, database: string, template: string) {
  execFileSync(process.execPath, [path.join(__dirname, 'create-database.mjs'), database, template], {
    env: { ...process.env, E2BA_POSTGRES: JSON.stringify(server) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}
