import { uncompress } from 'snappyjs'
import { crc32 } from 'node:zlib'

/** Largest uncompressed Avro block accepted: SiteWise writes far smaller ones, input is untrusted */
export const MAX_BLOCK_BYTES = 64 * 1024 * 1024

/**
 * The Avro `snappy` codec: each block is the snappy-compressed data followed by the 4-byte
 * big-endian CRC32 of the uncompressed data. snappyjs knows nothing of that trailer, so it is
 * cut off here and checked: a corrupt block fails loudly instead of yielding wrong readings.
 */
export function snappyDecompress(block: Buffer, callback: (error: Error | null, data?: Buffer) => void): void {
  try {
    if (block.length < 5) throw new Error('snappy block shorter than its checksum')
    const expected = block.readUInt32BE(block.length - 4)
    const data = uncompress(block.subarray(0, block.length - 4), MAX_BLOCK_BYTES)
    if (crc32(data) !== expected) throw new Error('snappy block checksum mismatch')
    callback(null, data)
  } catch (error) {
    callback(error instanceof Error ? error : new Error(String(error)))
  }
}
