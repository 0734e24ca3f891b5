// Creates database argv[2], as a copy of argv[3] when given, on the server of E2BA_POSTGRES
import pg from 'pg'

const [name, template] = process.argv.slice(2)
const server = JSON.parse(process.env.E2BA_POSTGRES)
const client = new pg.Client({ ...server, database: 'postgres' })
await client.connect()
try {
  await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`)
} finally {
  await client.end()
}
