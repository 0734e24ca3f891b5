import { loadConfig, type Config } from '../../src/config'
import { createHandler, type Dependencies } from '../../src/handler'
import { createLogger } from '../../src/log'
import { assetMap } from '../factories/fleet'
import type { AemServer } from './aem-server'
import type { LocalS3 } from './local-s3'

/** The configuration of a local run against the test servers, with any variable overridden */
export function testConfig(aem: AemServer, env: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    AEM_REST_URL: aem.url,
    AEM_USERNAME: 'publisher',
    AEM_PASSWORD: 'publisher-secret',
    ASSET_MAP: JSON.stringify(assetMap()),
    SITEWISE_DESCRIBE: 'false',
    PUBLISH_RETRY_BASE_MS: '1',
    ...env,
  })
}

/** A handler on the local S3 server, its JSON log lines kept for assertions */
export function testHandler(s3: LocalS3, config: Config, deps: Partial<Dependencies> = {}) {
  const lines: string[] = []
  const handler = createHandler({ config, s3: s3.client, log: createLogger('debug', line => lines.push(line)), ...deps })
  return { handler, lines, logs: () => lines.map(l => JSON.parse(l) as Record<string, unknown>) }
}
