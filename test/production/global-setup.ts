import { build, deployTestDatabase, installBundle } from './bundle'

/** Builds once for the production tests: the bundle they start and the mta.yaml they check */
export default function globalSetup() {
  build()
  process.env.E2BA_PRODUCTION_APP = installBundle()
  process.env.E2BA_PRODUCTION_DB = deployTestDatabase()
}
