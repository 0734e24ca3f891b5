/**
 * Generated malformed S3 objects for the notification reader: wrong types, truncation, huge
 * strings, deep nesting, invalid UTF-8, prototype keys, values out of range. Each object is
 * either read (what is not a usable value counted as skipped) or refused as a whole with
 * UnreadableJson and its reason; nothing else is thrown, and prototypes stay clean.
 */
import { Readable } from 'node:stream'
import { FUZZ_CASES, mutations } from '../../test/fuzz/mutations'
import { readNotifications, UnreadableJson } from '../src/formats/notification'
import { MOTOR } from './factories/fleet'
import { alarmValue, propertyValueUpdate } from './factories/notifications'
import { START } from './factories/signals'

const limits = { maxLineChars: 100_000, maxDocumentChars: 1_000_000 }
const sample = propertyValueUpdate(MOTOR.assetId, MOTOR.vibration, [
  { timeMs: START, value: { doubleValue: 4.2 } },
  { timeMs: START + 1000, value: alarmValue('LATCHED') },
])

describe('fuzzing S3 objects of property notifications', () => {
  it(`reads or refuses with a reason each of ${FUZZ_CASES} malformed objects, as JSON and as JSON lines`, async () => {
    const outcomes: Record<string, number> = {}
    const unexpected: string[] = []
    for (const { kind, body } of mutations(sample, FUZZ_CASES, 7)) {
      for (const object of [body, Buffer.concat([body, Buffer.from('\n'), Buffer.from(JSON.stringify(sample)), Buffer.from('\n')])]) {
        try {
          const stats = await readNotifications(Readable.from([object]), limits, () => undefined)
          outcomes[stats.skipped ? 'read, some skipped' : 'read'] = (outcomes[stats.skipped ? 'read, some skipped' : 'read'] ?? 0) + 1
        } catch (error) {
          if (error instanceof UnreadableJson && error.message) outcomes.refused = (outcomes.refused ?? 0) + 1
          else unexpected.push(`${kind}: ${String(error)}`)
        }
      }
    }
    process.stdout.write(`\nfuzzed S3 objects (${FUZZ_CASES} cases, each alone and before a valid line): ${JSON.stringify(outcomes)}\n`)
    expect(unexpected).toEqual([])
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  }, 120_000)
})
