import { DescribeAssetCommand, IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { mockClient } from 'aws-sdk-client-mock'
import { avroObject, coldTierKey, rawDatum } from './factories/coldtier'
import { MOTOR, seriesOf } from './factories/fleet'
import { s3Event, s3Record } from './factories/s3-events'
import { signal, spikes, START } from './factories/signals'
import { aemServer, type AemServer } from './helpers/aem-server'
import { testConfig, testHandler } from './helpers/lambda'
import { localS3, type LocalS3 } from './helpers/local-s3'

const BUCKET = 'sitewise-aws'
const SECRET = 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:aem-publisher'
const secrets = mockClient(SecretsManagerClient)
const sitewise = mockClient(IoTSiteWiseClient)
let s3: LocalS3
let aem: AemServer

beforeAll(async () => {
  s3 = await localS3()
  await s3.bucket(BUCKET)
  aem = await aemServer()
})
afterAll(async () => {
  await s3.close()
  await aem.close()
})
beforeEach(() => {
  secrets.reset()
  sitewise.reset()
  aem.reset()
  aem.respond(() => 200)
  sitewise.on(DescribeAssetCommand).resolves(described)
})

const vibration = seriesOf(MOTOR, MOTOR.vibration)
const described = {
  assetId: MOTOR.assetId,
  assetName: 'Motor 1 (SiteWise)',
  assetArn: 'arn',
  assetModelId: 'm',
  assetProperties: [{ id: MOTOR.vibration, name: 'Vibration', alias: '/Plant1010/Line1/Motor1/Vibration', unit: 'mm/s', dataType: 'DOUBLE' as const }],
  assetHierarchies: [],
  assetCreationDate: new Date(),
  assetLastUpdateDate: new Date(),
  assetStatus: { state: 'ACTIVE' as const },
}

const secret = (username: string, password: string) => ({ SecretString: JSON.stringify({ username, password }) })

async function faultyObject(start = START) {
  const key = coldTierKey(vibration, start)
  const values = signal({ points: 600, idle: 1.5, full: 2.4, noise: 0.1, fault: spikes([300], 9), startMs: start })
  return s3Record(BUCKET, key, await s3.put(BUCKET, key, await avroObject(values.map(([t, v]) => rawDatum(vibration, t, v)))))
}

/** The configuration in AWS: credentials from Secrets Manager, names from DescribeAsset */
const awsConfig = (env: Record<string, string> = {}) =>
  testConfig(aem, { AEM_USERNAME: undefined, AEM_PASSWORD: undefined, AEM_SECRET_ID: SECRET, ASSET_MAP: undefined, SITEWISE_DESCRIBE: 'true', ...env })

const deps = () => ({ secrets: new SecretsManagerClient({ region: 'eu-central-1' }), sitewise: new IoTSiteWiseClient({ region: 'eu-central-1' }) })

describe('credentials from Secrets Manager', () => {
  it('authenticate the publication and are cached across invocations', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET }).resolves(secret('lambda', 's3cr3t'))
    const { handler } = testHandler(s3, awsConfig(), deps())

    await handler(s3Event(await faultyObject()))
    await handler(s3Event(await faultyObject(START + 3_600_000)))

    expect(aem.received.map(r => r.headers.authorization)).toEqual([1, 2].map(() => `Basic ${Buffer.from('lambda:s3cr3t').toString('base64')}`))
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1)
  })

  it('are read again when the TTL has passed, and when the broker refuses them (rotation)', async () => {
    secrets.on(GetSecretValueCommand).resolvesOnce(secret('lambda', 'old')).resolves(secret('lambda', 'new'))
    aem.respond(r => (r.headers.authorization === `Basic ${Buffer.from('lambda:new').toString('base64')}` ? 200 : 401))
    const { handler } = testHandler(s3, awsConfig(), deps())

    await handler(s3Event(await faultyObject()))

    expect(aem.received.map(r => r.headers['solace-message-id'])).toHaveLength(2)
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2)

    const { handler: noCache } = testHandler(s3, awsConfig({ SECRET_TTL_SECONDS: '0' }), deps())
    await noCache(s3Event(await faultyObject()))
    await noCache(s3Event(await faultyObject()))
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(4)
  })

  it('fail the invocation with a message that names the secret, not its content', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"user":"x","pass":"leaked-value"}' })
    const { handler, lines } = testHandler(s3, awsConfig(), deps())

    await expect(handler(s3Event(await faultyObject()))).rejects.toThrow(`secret ${SECRET} must be JSON with non-empty "username" and "password"`)
    expect(lines.join('\n')).not.toContain('leaked-value')
    expect(aem.received).toHaveLength(0)
  })
})

describe('asset names from DescribeAsset', () => {
  it('name the asset and property, once per container', async () => {
    secrets.on(GetSecretValueCommand).resolves(secret('lambda', 's3cr3t'))
    const { handler } = testHandler(s3, awsConfig(), deps())

    await handler(s3Event(await faultyObject(), await faultyObject(START + 3_600_000)))

    expect(aem.events().map(e => e.data)).toEqual([1, 2].map(() => expect.objectContaining({ assetName: 'Motor 1 (SiteWise)', propertyName: 'Vibration', propertyAlias: '/Plant1010/Line1/Motor1/Vibration', unit: 'mm/s', measurement: 'vibration', plant: '1010' })))
    expect(sitewise.commandCalls(DescribeAssetCommand)).toHaveLength(1)
  })

  it('when SiteWise is unreachable, the static map names them', async () => {
    secrets.on(GetSecretValueCommand).resolves(secret('lambda', 's3cr3t'))
    sitewise.on(DescribeAssetCommand).rejects(new Error('connect ETIMEDOUT'))
    const map = { [MOTOR.assetId]: { assetName: 'Mapped Motor', plant: '1010' } }
    const { handler, logs } = testHandler(s3, awsConfig({ ASSET_MAP: JSON.stringify(map), THRESHOLDS: '{"other":{"warning":4.5,"critical":7.1}}' }), deps())

    await handler(s3Event(await faultyObject()))

    expect(aem.events()[0]?.data).toMatchObject({ assetId: MOTOR.assetId, assetName: 'Mapped Motor', plant: '1010', measurement: 'other' })
    expect(logs().find(l => l.message === 'asset.describe.failed')).toMatchObject({ assetId: MOTOR.assetId })
  })
})
