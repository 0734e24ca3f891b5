import '../setup'
import { freshPostgresDatabase, postgresEnv, testPostgres } from '../helpers/postgres'

// each test file on a database of its own, before CAP reads its configuration
const server = testPostgres()
if (!server) throw new Error('the postgres project needs the server of its global setup (E2BA_TEST_POSTGRES)')
Object.assign(process.env, postgresEnv(server, freshPostgresDatabase(server)))
