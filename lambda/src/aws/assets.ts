import { DescribeAssetCommand, type IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise'
import { inferMeasurement, type Measurement } from '../detect/settings'
import type { Logger } from '../log'

/** What an anomaly event says about its series, beyond the ids */
export interface PropertyInfo {
  assetName?: string
  plant?: string
  propertyName?: string
  propertyAlias?: string
  unit?: string
  measurement: Measurement
}

/** The static asset map of configuration (ASSET_MAP / ASSET_MAP_FILE), for runs without SiteWise */
export type AssetMap = Record<
  string,
  {
    assetName?: string
    plant?: string
    properties?: Record<string, { propertyName?: string; propertyAlias?: string; unit?: string; measurement?: Measurement }>
  }
>

interface Described {
  assetName?: string
  properties: Map<string, { name?: string; alias?: string; unit?: string }>
}

const FAILURE_TTL_MS = 60_000
/** A plant code in an alias such as /Plant1010/Line1/Motor1/Vibration */
const PLANT = /^\/Plant([A-Za-z0-9]{4})\//

/**
 * Names of assets and properties: the static map first (configuration wins and costs no
 * call), then DescribeAsset, cached per container. A failed describe is logged and retried
 * after a minute; the event still goes out, with ids only.
 */
export class AssetDirectory {
  private readonly described = new Map<string, { at: number; promise: Promise<Described | undefined> }>()

  constructor(
    private readonly map: AssetMap,
    private readonly sitewise: IoTSiteWiseClient | undefined,
    private readonly log: Logger,
  ) {}

  async property(assetId: string, propertyId: string | undefined, hint: { propertyAlias?: string } = {}): Promise<PropertyInfo> {
    const mapped = this.map[assetId]
    const mappedProperty = propertyId ? mapped?.properties?.[propertyId] : undefined
    if (mapped && (mappedProperty || !this.sitewise)) {
      const alias = mappedProperty?.propertyAlias ?? hint.propertyAlias
      return clean({
        assetName: mapped.assetName,
        plant: mapped.plant ?? plantOf(alias),
        propertyName: mappedProperty?.propertyName,
        propertyAlias: alias,
        unit: mappedProperty?.unit,
        measurement: mappedProperty?.measurement ?? inferMeasurement(mappedProperty?.unit, mappedProperty?.propertyName),
      })
    }
    const described = await this.describe(assetId)
    const property = propertyId ? described?.properties.get(propertyId) : undefined
    const alias = property?.alias ?? hint.propertyAlias
    return clean({
      assetName: described?.assetName ?? mapped?.assetName,
      plant: mapped?.plant ?? plantOf(alias),
      propertyName: property?.name,
      propertyAlias: alias,
      unit: property?.unit,
      measurement: inferMeasurement(property?.unit, property?.name),
    })
  }

  private describe(assetId: string): Promise<Described | undefined> {
    const sitewise = this.sitewise
    if (!sitewise) return Promise.resolve(undefined)
    const cached = this.described.get(assetId)
    if (cached) return cached.promise
    const promise = Promise.resolve()
      .then(() => sitewise.send(new DescribeAssetCommand({ assetId })))
      .then(
      (asset): Described => {
        const properties = new Map<string, { name?: string; alias?: string; unit?: string }>()
        for (const p of asset.assetProperties ?? []) if (p.id) properties.set(p.id, { name: p.name, alias: p.alias, unit: p.unit })
        // alarm states live in composite models of type AWS/ALARM: name them by their alarm
        for (const model of asset.assetCompositeModels ?? [])
          for (const p of model.properties ?? [])
            if (p.id) properties.set(p.id, { name: model.type === 'AWS/ALARM' ? model.name : p.name, alias: p.alias, unit: p.unit })
        return { assetName: asset.assetName, properties }
      },
      (error: unknown) => {
        this.log.warn('asset.describe.failed', { assetId, error })
        setTimeout(() => this.described.delete(assetId), FAILURE_TTL_MS).unref()
        return undefined
      },
    )
    this.described.set(assetId, { at: Date.now(), promise })
    return promise
  }
}

const plantOf = (alias: string | undefined) => (alias ? PLANT.exec(alias)?.[1] : undefined)

function clean(info: { [K in keyof PropertyInfo]: PropertyInfo[K] | undefined }): PropertyInfo {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as unknown as PropertyInfo
}
