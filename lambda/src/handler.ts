import { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise'
import { S3Client } from '@aws-sdk/client-s3'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { S3Event } from 'aws-lambda'
import { AssetDirectory } from './aws/assets'
import { fixedCredentials, SecretCredentials, type CredentialSource } from './aws/secrets'
import { loadConfig, type Config } from './config'
import { createLogger, type Logger } from './log'
import { processObject, type ObjectOutcome } from './process-object'
import { AemPublisher } from './publish/aem-publisher'
import { PublishQueue } from './publish/publish-queue'
import { createdObjects } from './s3-event'

export interface HandlerResult {
  objects: ObjectOutcome[]
  ignored: string[]
}

/** What a handler is made of: created once per container, reused by every invocation */
export interface Dependencies {
  config: Config
  s3: S3Client
  secrets?: SecretsManagerClient
  sitewise?: IoTSiteWiseClient
  log?: Logger
  now?: () => Date
}

export class ObjectsFailed extends Error {
  override name = 'ObjectsFailed'
}

/**
 * The Lambda for S3 ObjectCreated events: every record's object is read, checked and its
 * anomalies published. A record that fails does not stop the others; the invocation then
 * throws, so Lambda retries it (publishing the same ids) and finally routes it to the
 * on-failure destination.
 */
export function createHandler(deps: Dependencies): (event: S3Event) => Promise<HandlerResult> {
  const { config } = deps
  const log = deps.log ?? createLogger(config.logLevel)
  const credentials: CredentialSource = config.aem.credentials
    ? fixedCredentials(config.aem.credentials)
    : new SecretCredentials(deps.secrets ?? new SecretsManagerClient({}), config.aem.secretId ?? '', config.aem.secretTtlMs)
  const sitewise = config.describeAssets ? (deps.sitewise ?? new IoTSiteWiseClient({})) : undefined
  const assets = new AssetDirectory(config.assetMap, sitewise, log)
  const publisher = new AemPublisher(config.aem, credentials, log)

  return async event => {
    const { objects, ignored } = createdObjects(event)
    for (const reason of ignored) log.info('record.ignored', { reason })
    const outcomes: ObjectOutcome[] = []
    const failures: string[] = []
    for (const object of objects) {
      const queue = new PublishQueue(async published => {
        await publisher.publish(published)
        log.info('anomaly.published', {
          eventId: published.id,
          topic: publisher.topic(published),
          assetId: published.data.assetId,
          propertyAlias: published.data.propertyAlias,
          anomalyType: published.data.anomalyType,
          severity: published.data.severity,
          windowStart: published.data.windowStart,
          windowEnd: published.data.windowEnd,
          sampleCount: published.data.sampleCount,
        })
      }, config.aem.concurrency)
      try {
        const outcome = await processObject(object, {
          s3: deps.s3,
          assets,
          queue,
          thresholds: config.thresholds,
          limits: config.limits,
          source: config.source,
          log,
          ...(deps.now && { now: deps.now }),
        })
        outcomes.push(outcome)
        if (outcome.format !== 'skipped')
          log.info('object.processed', {
            bucket: object.bucket,
            key: object.key,
            format: outcome.format,
            points: outcome.points,
            series: outcome.series,
            late: outcome.late,
            replaced: outcome.replaced,
            anomalies: outcome.events.length,
            published: outcome.events.length,
          })
      } catch (error) {
        await queue.drain().catch(() => undefined)
        log.error('object.failed', { bucket: object.bucket, key: object.key, error })
        failures.push(`${object.key}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
      }
    }
    if (failures.length) throw new ObjectsFailed(`${failures.length} of ${objects.length} objects failed: ${failures.join('; ')}`)
    return { objects: outcomes, ignored }
  }
}

/** From the environment, validated at cold start; a configuration error fails the init, with its message */
function fromEnvironment() {
  try {
    const config = loadConfig()
    return createHandler({ config, s3: new S3Client({}) })
  } catch (error) {
    createLogger().error('config.invalid', { error })
    throw error
  }
}

let instance = process.env.AWS_LAMBDA_FUNCTION_NAME ? fromEnvironment() : undefined

export const handler = (event: S3Event) => (instance ??= fromEnvironment())(event)
