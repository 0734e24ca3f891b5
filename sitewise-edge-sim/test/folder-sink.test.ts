import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { runScenario } from '../src/run'
import { folderSink } from '../src/sinks/folder'
import { decodeAvro, defined, shortScenario } from './factories'

const filesUnder = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(root, join(entry.parentPath, entry.name)))
    .sort()

describe('folder sink', () => {
  let root: string
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'sim-folder-'))))
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('writes every object as a file at its key, complete, with no partial file left', async () => {
    const result = await runScenario({
      ...shortScenario({ faults: 'default' }),
      formats: ['avro', 'json'],
      sinks: [folderSink(join(root, 'out'))],
      manifestFile: join(root, 'truth', 'manifest.json'),
      fleetMapFile: join(root, 'truth', 'fleet-map.json'),
    })
    expect(filesUnder(join(root, 'out'))).toEqual(result.objects.map(o => o.key).sort())
    const avro = defined(result.objects.find(o => o.key.endsWith('.avro')))
    const { records } = await decodeAvro(readFileSync(join(root, 'out', avro.key)))
    expect(records).toHaveLength(avro.records)
    expect(JSON.parse(readFileSync(join(root, 'truth', 'manifest.json'), 'utf8'))).toEqual(result.manifest)
    expect(Object.keys(JSON.parse(readFileSync(join(root, 'truth', 'fleet-map.json'), 'utf8')))).toHaveLength(12)
  })

  it('refuses a key that would leave the folder', async () => {
    const sink = folderSink(root)
    await expect(sink.put({ key: '../escape.json', body: Buffer.from('{}'), contentType: 'application/json', records: 0 })).rejects.toThrow(/leaves the output folder/)
    expect(filesUnder(root)).toEqual([])
  })
})
