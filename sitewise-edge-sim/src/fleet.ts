import { uuidV5 } from './uuid'

export type AssetKind = 'MOTOR' | 'PUMP'
/** The contract's measurement codes the Lambda classifies readings by */
export type Measurement = 'vibration' | 'temperature'
export type PropertyRole = 'vibration' | 'temperature' | 'vibrationAlarm'

export interface AssetProperty {
  propertyId: string
  propertyName: string
  propertyAlias: string
  unit: string
  measurement: Measurement
  role: PropertyRole
  dataType: 'DOUBLE' | 'STRING'
}

export interface Asset {
  assetId: string
  assetName: string
  kind: AssetKind
  plant: string
  line: string
  aliasPrefix: string
  properties: AssetProperty[]
}

/** One asset of the seed data (db/data/e2ba-Assets.csv): the same ids, names, plants and aliases */
export interface AssetSeed {
  assetId: string
  assetName: string
  kind: AssetKind
  plant: string
  line: string
  aliasPrefix: string
}

export const DEFAULT_ASSETS: readonly AssetSeed[] = [
  { assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c', assetName: 'Hamburg Line 1 Motor 1', kind: 'MOTOR', plant: '1010', line: 'Line 1', aliasPrefix: '/Plant1010/Line1/Motor1' },
  { assetId: '32e4de92-a836-58d7-a0bb-f21f3d278ac3', assetName: 'Hamburg Line 1 Motor 2', kind: 'MOTOR', plant: '1010', line: 'Line 1', aliasPrefix: '/Plant1010/Line1/Motor2' },
  { assetId: '0a090dcd-ede3-5597-b33a-5fc0c0a5422c', assetName: 'Hamburg Line 1 Pump 1', kind: 'PUMP', plant: '1010', line: 'Line 1', aliasPrefix: '/Plant1010/Line1/Pump1' },
  { assetId: 'b2d16fd1-5b50-5ef9-9c90-cc7fc9effef5', assetName: 'Hamburg Line 2 Motor 1', kind: 'MOTOR', plant: '1010', line: 'Line 2', aliasPrefix: '/Plant1010/Line2/Motor1' },
  { assetId: '7b1a55ed-e9ca-50cc-a6a8-bc3aefc65fb4', assetName: 'Hamburg Line 2 Motor 2', kind: 'MOTOR', plant: '1010', line: 'Line 2', aliasPrefix: '/Plant1010/Line2/Motor2' },
  { assetId: '324997a8-5dcb-5338-8661-52afb9c501c9', assetName: 'Hamburg Line 2 Pump 1', kind: 'PUMP', plant: '1010', line: 'Line 2', aliasPrefix: '/Plant1010/Line2/Pump1' },
  { assetId: 'f8bdbcab-b1f1-516f-9df8-40249b1b7b5a', assetName: 'Palo Alto Line 1 Motor 1', kind: 'MOTOR', plant: '1710', line: 'Line 1', aliasPrefix: '/Plant1710/Line1/Motor1' },
  { assetId: '1e3b4cef-24ed-5e76-8862-85f7936528e9', assetName: 'Palo Alto Line 1 Motor 2', kind: 'MOTOR', plant: '1710', line: 'Line 1', aliasPrefix: '/Plant1710/Line1/Motor2' },
  { assetId: 'b6d17b96-6fe1-5215-b024-2770532a7362', assetName: 'Palo Alto Line 1 Pump 1', kind: 'PUMP', plant: '1710', line: 'Line 1', aliasPrefix: '/Plant1710/Line1/Pump1' },
  { assetId: '1e5e7116-c19f-5c48-9800-bf451950c5ab', assetName: 'Palo Alto Line 2 Motor 1', kind: 'MOTOR', plant: '1710', line: 'Line 2', aliasPrefix: '/Plant1710/Line2/Motor1' },
  { assetId: '841af3d0-507a-58ba-96ba-8407736dbc4a', assetName: 'Palo Alto Line 2 Motor 2', kind: 'MOTOR', plant: '1710', line: 'Line 2', aliasPrefix: '/Plant1710/Line2/Motor2' },
  { assetId: 'f01ba3ac-4ae0-5b18-96de-5c0ca487dfae', assetName: 'Palo Alto Line 2 Pump 1', kind: 'PUMP', plant: '1710', line: 'Line 2', aliasPrefix: '/Plant1710/Line2/Pump1' },
]

const PROPERTY_TEMPLATES: readonly Omit<AssetProperty, 'propertyId' | 'propertyAlias'>[] = [
  { propertyName: 'Vibration', unit: 'mm/s', measurement: 'vibration', role: 'vibration', dataType: 'DOUBLE' },
  { propertyName: 'Temperature', unit: '°C', measurement: 'temperature', role: 'temperature', dataType: 'DOUBLE' },
]

/** An alarm on vibration, as SiteWise models it: its state is a JSON string */
const ALARM_TEMPLATE: Omit<AssetProperty, 'propertyId' | 'propertyAlias'> = {
  propertyName: 'VibrationAlarm',
  unit: '',
  measurement: 'vibration',
  role: 'vibrationAlarm',
  dataType: 'STRING',
}

export interface FleetOptions {
  /** add a vibration alarm property to every asset */
  alarms?: boolean
}

/** Property ids are derived from the alias, so they never change between runs */
export function buildAsset(seed: AssetSeed, options: FleetOptions = {}): Asset {
  const templates = options.alarms ? [...PROPERTY_TEMPLATES, ALARM_TEMPLATE] : PROPERTY_TEMPLATES
  const properties = templates.map(template => {
    const propertyAlias = `${seed.aliasPrefix}/${template.propertyName}`
    return { ...template, propertyAlias, propertyId: uuidV5(propertyAlias) }
  })
  return { ...seed, properties }
}

export function defaultFleet(options: FleetOptions = {}): Asset[] {
  return DEFAULT_ASSETS.map(seed => buildAsset(seed, options))
}

export function property(asset: Asset, role: PropertyRole): AssetProperty | undefined {
  return asset.properties.find(p => p.role === role)
}

/** The file the Lambda reads for local runs (ASSET_MAP_FILE): assetId → name, plant and properties */
export type FleetMap = Record<
  string,
  {
    assetName: string
    plant: string
    properties: Record<string, { propertyName: string; propertyAlias: string; unit: string; measurement: Measurement }>
  }
>

export function fleetMap(fleet: readonly Asset[]): FleetMap {
  const map: FleetMap = {}
  for (const asset of fleet) {
    const properties: FleetMap[string]['properties'] = {}
    for (const p of asset.properties) {
      properties[p.propertyId] = { propertyName: p.propertyName, propertyAlias: p.propertyAlias, unit: p.unit, measurement: p.measurement }
    }
    map[asset.assetId] = { assetName: asset.assetName, plant: asset.plant, properties }
  }
  return map
}

/** SiteWise's time-series id of a modeled property */
export const timeseriesId = (asset: Asset, p: AssetProperty) => `${asset.assetId}_${p.propertyId}`
