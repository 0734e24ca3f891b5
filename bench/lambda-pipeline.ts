/** The Lambda's object path (read, decode, order, detect, publish) on a local file instead of S3 */
import type { S3Client } from '@aws-sdk/client-s3'
import { createReadStream, statSync } from 'node:fs'
import path from 'node:path'
import { AssetDirectory } from '../lambda/src/aws/assets'
import { createLogger } from '../lambda/src/log'
import { processObject, type ObjectOutcome } from '../lambda/src/process-object'
import { PublishQueue } from '../lambda/src/publish/publish-queue'
import { SERIES } from './lambda-fixture'

const ASSET_MAP = {
  [SERIES.split('_')[0] ?? '']: {
    assetName: 'Hamburg Line 1 Motor 1',
    properties: { [SERIES.split('_')[1] ?? '']: { propertyName: 'Vibration', propertyAlias: '/Plant1010/Line1/Motor1/Vibration', unit: 'mm/s' } },
  },
}

export async function detectFile(file: string): Promise<ObjectOutcome> {
  const log = createLogger('error', () => undefined)
  // GetObject answers with the file as a stream, as the SDK does with the HTTP body
  const s3 = { send: () => Promise.resolve({ Body: createReadStream(file, { highWaterMark: 1024 * 1024 }) }) } as unknown as S3Client
  const key = `sitewise/raw/startYear=2026/startMonth=11/startDay=25/seriesBucket=a2/raw_${SERIES}_1795600000_GOOD.avro`
  return processObject(
    { bucket: 'bench', key, objectVersion: path.basename(file), size: statSync(file).size },
    {
      s3,
      assets: new AssetDirectory(ASSET_MAP, undefined, log),
      queue: new PublishQueue(() => Promise.resolve(), 8),
      thresholds: {},
      limits: { maxLineChars: 1 << 20, maxDocumentChars: 1 << 25 },
      source: 'urn:bench',
      log,
    },
  )
}
