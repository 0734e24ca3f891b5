import type { AnomalyEvent } from '#contract'
import { parseBoundedJson } from './bounded-json'
import { ContractValidator } from './contract-validator'
import { InvalidEvent } from './invalid-event'
import { fromLegacyEvent, isLegacyShape } from './legacy-event'

/**
 * Turns an untrusted message body into an anomaly event of the contract, or throws
 * InvalidEvent saying why it never will be one: too large, not UTF-8 JSON, neither of the
 * two accepted shapes, or not valid against the contract.
 */
export class EventParser {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })

  constructor(
    private readonly validator: ContractValidator,
    readonly limits: { maxEventBytes: number; maxSamples: number; maxJsonDepth: number },
  ) {}

  static forModel() {
    const validator = ContractValidator.forModel()
    return new EventParser(validator, validator.limits)
  }

  parse(body: Uint8Array | string): AnomalyEvent {
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength
    if (bytes > this.limits.maxEventBytes) throw new InvalidEvent(`message of ${bytes} bytes exceeds the limit of ${this.limits.maxEventBytes}`)
    if (bytes === 0) throw new InvalidEvent('message is empty')
    const input = this.json(typeof body === 'string' ? body : this.text(body))
    const event = isLegacyShape(input)
      ? fromLegacyEvent(this.validator.validate('e2ba.contract.LegacyEvent', withTextEventData(input)), this.limits)
      : input
    const valid = this.validator.validate('e2ba.contract.AnomalyEvent', event)
    if (valid.data.windowEnd < valid.data.windowStart) throw new InvalidEvent('data.windowEnd: must not be before data.windowStart')
    return valid
  }

  private text(body: Uint8Array) {
    try {
      return this.decoder.decode(body)
    } catch {
      throw new InvalidEvent('message is not UTF-8 text')
    }
  }

  private json(text: string): Record<string, unknown> {
    const parsed = parseBoundedJson(text, this.limits.maxJsonDepth, 'message')
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidEvent('message must be a JSON object')
    return parsed as Record<string, unknown>
  }
}

/** The legacy shape carries eventData as an object or as JSON text; the contract types it as text */
function withTextEventData(input: Record<string, unknown>) {
  const data = input.data as Record<string, unknown>
  const eventData = typeof data.eventData === 'object' ? JSON.stringify(data.eventData) : data.eventData
  return { data: { ...data, eventData } }
}
