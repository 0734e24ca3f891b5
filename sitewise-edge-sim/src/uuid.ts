import { createHash } from 'node:crypto'

/** Namespace of every id the simulator derives (UUIDv5 of `urn:e2ba:sitewise-edge-sim` in the URL namespace) */
export const SIMULATOR_NAMESPACE = uuidV5('urn:e2ba:sitewise-edge-sim', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')

/**
 * RFC 9562 name-based UUID (SHA-1): the same name always yields the same id, so property ids
 * stay stable across runs and machines without a registry.
 */
export function uuidV5(name: string, namespace: string = SIMULATOR_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
