/**
 * Writes gen/srv/package.json for production: the runtime dependencies only, `start` serving
 * the app with plain node, and the CAP configuration without the development and test
 * profiles (mocked users, the mock broker). The lock file follows from the root one, so the
 * bundle installs the very versions the tests ran with.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.join(__dirname, '..', '..')
const SRV = path.join(ROOT, 'gen', 'srv')
const LOCAL_PROFILES = /^\[(development|test|hybrid|pg)\]$/

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** The configuration with every local-only profile section left out, at any depth */
function withoutLocalProfiles(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutLocalProfiles)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => !LOCAL_PROFILES.test(key)).map(([key, v]) => [key, withoutLocalProfiles(v)]))
}

const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Json>
const server = {
  name: root.name,
  version: root.version,
  description: root.description,
  license: root.license,
  private: true,
  engines: root.engines,
  imports: root.imports,
  scripts: { start: 'cds-serve' },
  dependencies: root.dependencies,
  cds: withoutLocalProfiles(root.cds ?? {}),
}
writeFileSync(path.join(SRV, 'package.json'), `${JSON.stringify(server, null, 2)}\n`)
copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(SRV, 'package-lock.json'))
