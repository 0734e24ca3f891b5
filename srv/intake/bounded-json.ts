import { InvalidEvent } from './invalid-event'

/**
 * JSON.parse for untrusted text, refused when objects and arrays nest deeper than `maxDepth`:
 * whatever handles the value later (serialising, hashing, validating) may recurse, and a
 * message of a quarter megabyte can nest a hundred thousand levels deep.
 */
export function parseBoundedJson(text: string, maxDepth: number, what: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new InvalidEvent(`${what} is not JSON: ${(error as Error).message}`)
  }
  if (exceedsDepth(parsed, maxDepth)) throw new InvalidEvent(`${what} nests deeper than ${maxDepth} levels`)
  return parsed
}

/** Walks without recursion, so the check itself cannot overflow the stack */
function exceedsDepth(value: unknown, maxDepth: number) {
  const pending: [unknown, number][] = [[value, 0]]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next
    if (typeof node !== 'object' || node === null) continue
    if (depth >= maxDepth) return true
    for (const child of Object.values(node)) pending.push([child, depth + 1])
  }
  return false
}
