import type { AssetMap } from '../../src/aws/assets'

/** Two assets of the seed fleet (db/data/e2ba-Assets.csv), with made-up property ids */
export const MOTOR = {
  assetId: 'c3850a68-20b5-5e3e-89a5-5cd58f45f21c',
  assetName: 'Hamburg Line 1 Motor 1',
  plant: '1010',
  vibration: '7e1b6f1e-0000-4000-8000-000000000001',
  temperature: '7e1b6f1e-0000-4000-8000-000000000002',
  alarm: '7e1b6f1e-0000-4000-8000-000000000003',
}

export const PUMP = {
  assetId: '0a090dcd-ede3-5597-b33a-5fc0c0a5422c',
  assetName: 'Hamburg Line 1 Pump 1',
  plant: '1010',
  vibration: '7e1b6f1e-0000-4000-8000-000000000011',
  temperature: '7e1b6f1e-0000-4000-8000-000000000012',
}

export const seriesOf = (asset: { assetId: string }, propertyId: string) => `${asset.assetId}_${propertyId}`

/** The static map of configuration, shaped as the simulator writes it */
export const assetMap = (): AssetMap => ({
  [MOTOR.assetId]: {
    assetName: MOTOR.assetName,
    plant: MOTOR.plant,
    properties: {
      [MOTOR.vibration]: { propertyName: 'Vibration', propertyAlias: '/Plant1010/Line1/Motor1/Vibration', unit: 'mm/s', measurement: 'vibration' },
      [MOTOR.temperature]: { propertyName: 'Temperature', propertyAlias: '/Plant1010/Line1/Motor1/Temperature', unit: '°C' },
      [MOTOR.alarm]: { propertyName: 'VibrationAlarm', propertyAlias: '/Plant1010/Line1/Motor1/VibrationAlarm', measurement: 'other' },
    },
  },
  [PUMP.assetId]: {
    assetName: PUMP.assetName,
    plant: PUMP.plant,
    properties: {
      [PUMP.vibration]: { propertyName: 'Vibration', propertyAlias: '/Plant1010/Line1/Pump1/Vibration', unit: 'mm/s' },
      [PUMP.temperature]: { propertyName: 'Temperature', propertyAlias: '/Plant1010/Line1/Pump1/Temperature', unit: '°C' },
    },
  },
})
