import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigError, loadConfig } from '../src/config'
import { assetMap } from './factories/fleet'

const local = { AEM_REST_URL: 'http://localhost:4004/mock/aem', AEM_USERNAME: 'publisher', AEM_PASSWORD: 'publisher' }
const aws = { AWS_LAMBDA_FUNCTION_NAME: 'sitewise-anomaly', AWS_REGION: 'eu-central-1', AEM_REST_URL: 'https://broker.example:9443', AEM_SECRET_ID: 'aem' }

describe('configuration', () => {
  it('has sensible defaults', () => {
    expect(loadConfig(aws)).toMatchObject({
      aem: { url: 'https://broker.example:9443', topicPrefix: 'sitewise/anomaly', secretId: 'aem', concurrency: 8, retries: 2, secretTtlMs: 300_000 },
      source: 'urn:aws:lambda:eu-central-1:sitewise-anomaly',
      describeAssets: true,
    })
  })

  it('names every problem at once, at cold start', () => {
    const attempt = () => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'f', AEM_REST_URL: 'http://broker.example', AEM_USERNAME: 'u', PUBLISH_CONCURRENCY: '0', THRESHOLDS: '{"vibration":{"warning":9,"critical":2}}', ASSET_MAP: '[' })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(
      /AEM_REST_URL must use https.*AEM_USERNAME\/AEM_PASSWORD are for local runs only.*AEM_SECRET_ID is required.*ASSET_MAP must be a JSON object.*THRESHOLDS vibration needs numbers warning ≤ critical.*PUBLISH_CONCURRENCY must be an integer from 1 to 64/,
    )
  })

  it('requires AEM_REST_URL and credentials', () => {
    expect(() => loadConfig({})).toThrow(/AEM_REST_URL is required.*AEM_SECRET_ID is required/)
  })

  it('takes plain credentials and the asset map from a file for local runs', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lambda-config-')), 'assets.json')
    writeFileSync(file, JSON.stringify(assetMap()))
    expect(loadConfig({ ...local, ASSET_MAP_FILE: file, SITEWISE_DESCRIBE: 'false' })).toMatchObject({
      aem: { credentials: { username: 'publisher', password: 'publisher' } },
      assetMap: assetMap(),
      describeAssets: false,
      source: 'urn:e2ba:lambda:local',
    })
    expect(() => loadConfig({ ...local, ASSET_MAP_FILE: `${file}.missing` })).toThrow(/ASSET_MAP_FILE cannot be read/)
  })

  it('never puts a credential into its messages', () => {
    expect(() => loadConfig({ ...local, AEM_REST_URL: 'https://user:pa55word@broker.example' })).toThrow(/must not carry credentials/)
    try {
      loadConfig({ ...local, AEM_REST_URL: 'https://user:pa55word@broker.example' })
    } catch (error) {
      expect(String(error)).not.toContain('pa55word')
    }
  })
})
