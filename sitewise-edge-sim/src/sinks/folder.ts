import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { ExportObject, ObjectSink } from './sink'

/**
 * Writes each object as a file under `root`, its key as the relative path. A file appears
 * complete or not at all (written aside, then renamed), so a watcher never reads half of one.
 */
export function folderSink(root: string): ObjectSink {
  const base = resolve(root)
  return {
    kind: 'objects',
    name: `folder ${base}`,
    async put(object: ExportObject) {
      const path = resolve(join(base, object.key))
      if (!path.startsWith(base + sep)) throw new Error(`object key leaves the output folder: ${object.key}`)
      await mkdir(dirname(path), { recursive: true })
      const partial = `${path}.partial`
      await writeFile(partial, object.body)
      await rename(partial, path)
    },
  }
}
