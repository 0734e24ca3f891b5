import '../setup'
import { freshPostgresDatabase, postgresEnv, testPostgres } from '../helpers/postgres'

// this file is the postgres project's (see testPostgres)
process.env.E2BA_POSTGRES_PROJECT = 'true'
// each test file on a database of its own, before CAP reads its configuration
const server = testPostgres()
if (!server) throw new Error('the postgres project needs the server of its global setup (E2BA_TEST_POSTGRES)')
Object.assign(process.env, postgresEnv(server, freshPostgresDatabase(server)))
