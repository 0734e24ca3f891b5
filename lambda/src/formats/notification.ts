import { pipeline, type Readable } from 'node:stream'
import { quality, toMillis, type Point, type SeriesRef } from '../points'
import { consume } from './consume'
import { Lines } from './lines'

/** Limits for untrusted JSON: a line of JSON lines, and a whole (pretty-printed) document */
export interface JsonLimits {
  maxLineChars: number
  maxDocumentChars: number
}

export interface NotificationStats {
  documents: number
  /** documents that are no SiteWise property notification, or values without a timestamp */
  skipped: number
  values: number
}

export class UnreadableJson extends Error {
  override name = 'UnreadableJson'
}

type Accept = (ref: SeriesRef & { propertyAlias?: string }, point: Point) => void | Promise<void>

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown, max: number) => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined)

/** The reading of a SiteWise Variant: numbers and booleans as numbers, strings (alarm states) as text */
function reading(variant: unknown): Pick<Point, 'value' | 'text'> {
  if (!isObject(variant)) return { value: null, text: null }
  const { doubleValue, integerValue, booleanValue, stringValue } = variant
  const number = [doubleValue, integerValue].find(v => typeof v === 'number' && Number.isFinite(v)) as number | undefined
  if (number !== undefined) return { value: number, text: null }
  if (typeof booleanValue === 'boolean') return { value: booleanValue ? 1 : 0, text: null }
  return { value: null, text: typeof stringValue === 'string' ? stringValue.slice(0, 4096) : null }
}

/**
 * Streams SiteWise property notifications (`type: PropertyValueUpdate`) from one JSON
 * document, a JSON array of them, or JSON lines, into `accept`, value by value. Anything
 * else in the object is counted as skipped, never thrown: the bucket may hold other files.
 */
export async function readNotifications(body: Readable, limits: JsonLimits, accept: Accept): Promise<NotificationStats> {
  const stats: NotificationStats = { documents: 0, skipped: 0, values: 0 }
  const lines = new Lines(limits.maxDocumentChars)
  let mode: 'lines' | 'document' | undefined
  let document: string[] = []
  let documentChars = 0

  const handle = (doc: unknown): void | Promise<void> => {
    const docs: unknown[] = Array.isArray(doc) ? doc : [doc]
    const from = (start: number): void | Promise<void> => {
      for (let i = start; i < docs.length; i++) {
        stats.documents++
        const waiting = notification(docs[i], stats, accept)
        if (waiting) return waiting.then(() => from(i + 1))
      }
    }
    return from(0)
  }

  const piped = new Promise<void>((resolve, reject) => pipeline(body, lines, error => (error ? reject(error) : resolve())))
  const consumed = consume<string>(lines, line => {
    if (mode === undefined) {
      const parsed = tryParse(line)
      if (parsed === undefined || line.length > limits.maxLineChars) mode = 'document'
      else {
        mode = 'lines'
        return handle(parsed)
      }
    }
    if (mode === 'document') {
      documentChars += line.length + 1
      if (documentChars > limits.maxDocumentChars) throw new UnreadableJson(`JSON document longer than ${limits.maxDocumentChars} characters`)
      document.push(line)
      return
    }
    if (line.length > limits.maxLineChars) throw new UnreadableJson(`JSON line longer than ${limits.maxLineChars} characters`)
    const parsed = tryParse(line)
    if (parsed === undefined) {
      stats.skipped++
      return
    }
    return handle(parsed)
  })
  await Promise.all([piped, consumed])
  if (mode === 'document') {
    const parsed = tryParse(document.join('\n'))
    document = []
    if (parsed === undefined) throw new UnreadableJson('neither a JSON document nor JSON lines')
    await handle(parsed)
  }
  return stats
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return undefined
  }
}

/** One PropertyValueUpdate: each value with a valid timestamp becomes a point of the series */
function notification(doc: unknown, stats: NotificationStats, accept: Accept): void | Promise<void> {
  if (!isObject(doc) || doc.type !== 'PropertyValueUpdate' || !isObject(doc.payload)) {
    stats.skipped++
    return
  }
  const { payload } = doc
  const assetId = text(payload.assetId, 36)
  const propertyId = text(payload.propertyId, 36)
  if (!assetId || !propertyId || !Array.isArray(payload.values)) {
    stats.skipped++
    return
  }
  const propertyAlias = text(payload.propertyAlias, 1000)
  const ref = { seriesId: `${assetId}_${propertyId}`, assetId, propertyId, ...(propertyAlias && { propertyAlias }) }
  const values: unknown[] = payload.values
  const next = (from: number): void | Promise<void> => {
    for (let i = from; i < values.length; i++) {
      const entry = values[i]
      const timestamp = isObject(entry) && isObject(entry.timestamp) ? entry.timestamp : undefined
      const sec = timestamp?.timeInSeconds
      const nanos = timestamp?.offsetInNanos ?? 0
      if (!isObject(entry) || typeof sec !== 'number' || !Number.isInteger(sec) || typeof nanos !== 'number' || !Number.isInteger(nanos)) {
        stats.skipped++
        continue
      }
      stats.values++
      const point: Point = { sec, nanos, time: toMillis(sec, nanos), quality: quality(entry.quality ?? 'GOOD'), ...reading(entry.value), version: -1 }
      const waiting = accept(ref, point)
      if (waiting) return waiting.then(() => next(i + 1))
    }
  }
  return next(0)
}
