import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultFleet, fleetMap } from '../src/fleet'

const SEED_CSV = join(__dirname, '../../db/data/e2ba-Assets.csv')

function seedAssets() {
  const [header = '', ...rows] = readFileSync(SEED_CSV, 'utf8').trim().split(/\r?\n/)
  const columns = header.split(';')
  return rows.map(row => Object.fromEntries(row.split(';').map((cell, i) => [columns[i], cell])))
}

describe('default fleet', () => {
  it('is exactly the seed assets: ids, names, kinds, plants, lines and alias prefixes', () => {
    const fleet = defaultFleet()
    expect(fleet.map(a => ({ assetId: a.assetId, name: a.assetName, kind_code: a.kind, plant: a.plant, line: a.line, aliasPrefix: a.aliasPrefix }))).toEqual(
      seedAssets().map(({ assetId, name, kind_code, plant, line, aliasPrefix }) => ({ assetId, name, kind_code, plant, line, aliasPrefix })),
    )
  })

  it('gives every asset Vibration and Temperature under its alias prefix, with stable version-5 ids', () => {
    const fleet = defaultFleet()
    for (const asset of fleet) {
      expect(asset.properties.map(p => [p.propertyName, p.propertyAlias, p.unit])).toEqual([
        ['Vibration', `${asset.aliasPrefix}/Vibration`, 'mm/s'],
        ['Temperature', `${asset.aliasPrefix}/Temperature`, '°C'],
      ])
    }
    const ids = fleet.flatMap(a => a.properties.map(p => p.propertyId))
    expect(new Set(ids).size).toBe(24)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(defaultFleet().flatMap(a => a.properties.map(p => p.propertyId))).toEqual(ids)
  })

  it('adds a vibration alarm property on request', () => {
    const [asset] = defaultFleet({ alarms: true })
    expect(asset?.properties.map(p => p.propertyAlias)).toEqual([
      '/Plant1010/Line1/Motor1/Vibration',
      '/Plant1010/Line1/Motor1/Temperature',
      '/Plant1010/Line1/Motor1/VibrationAlarm',
    ])
  })

  it('writes the asset map the Lambda reads, in the agreed shape', () => {
    const fleet = defaultFleet()
    const map = fleetMap(fleet)
    const motor = fleet[0]
    const vibration = motor?.properties[0]
    expect(Object.keys(map)).toHaveLength(12)
    expect(map[motor?.assetId ?? '']).toEqual({
      assetName: 'Hamburg Line 1 Motor 1',
      plant: '1010',
      properties: {
        [vibration?.propertyId ?? '']: { propertyName: 'Vibration', propertyAlias: '/Plant1010/Line1/Motor1/Vibration', unit: 'mm/s', measurement: 'vibration' },
        [motor?.properties[1]?.propertyId ?? '']: {
          propertyName: 'Temperature',
          propertyAlias: '/Plant1010/Line1/Motor1/Temperature',
          unit: '°C',
          measurement: 'temperature',
        },
      },
    })
  })
})
