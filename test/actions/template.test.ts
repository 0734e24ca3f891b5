import { renderJson, renderPath, TemplateError, validateJsonTemplate } from '../../srv/actions/template'
import { anomalyEvent } from '../factories/events'

const nasty = 'He said "stop"\nthen \\ left ${{event.id}} }} {"x":1}'

describe('renderJson: values go in as JSON values, never as text', () => {
  const event = anomalyEvent({ assetName: nasty, value: 11.5 })
  const scope = { event, pre: { 1: { summary: 'line1\nline2 "quoted"' } } }

  it('keeps quotes, newlines, backslashes and ${{ in values intact, as a value and inside a string', () => {
    const payload = renderJson('{"asset": ${{event.data.assetName}}, "text": "Asset ${{event.data.assetName}} peaked at ${{event.data.value}}"}', scope)
    expect(payload).toEqual({ asset: nasty, text: `Asset ${nasty} peaked at 11.5` })
  })

  it('inserts numbers, objects and arrays as JSON, and missing values as null', () => {
    const payload = renderJson('{"value": ${{event.data.value}}, "sample": ${{event.data.samples[0]}}, "summary": ${{pre.1.summary}}, "none": ${{event.data.nothing}}}', scope)
    expect(payload).toEqual({ value: 11.5, sample: event.data.samples[0], summary: 'line1\nline2 "quoted"', none: null })
  })

  it('never reads inherited properties such as __proto__ or constructor', () => {
    expect(renderJson('{"a": ${{event.constructor}}, "b": ${{event.__proto__}}}', scope)).toEqual({ a: null, b: null })
  })
})

describe('renderPath', () => {
  it('URL-encodes values', () => {
    expect(renderPath("/Assets('${{event.data.assetName}}')", { event: anomalyEvent({ assetName: "a/b'c d" }) })).toBe("/Assets('a%2Fb'c%20d')")
  })
})

describe('validateJsonTemplate: what an admin saves is checked, with the position of the problem', () => {
  it.each([
    '{"asset": ${{event.data.assetName}}}',
    '{"text": "peak ${{event.data.value}} at ${{event.time}}", "n": ${{main.notificationNumber}}}',
    '[${{event.id}}, ${{incident.ID}}]',
  ])('accepts %s', template => {
    expect(() => validateJsonTemplate(template)).not.toThrow()
  })

  it.each<[string, string, number, number]>([
    ['{"asset": ${{event.data.assetName}}', 'not valid JSON', 1, 36],
    ['{\n  "a": 1,\n  "b": ${{event.id}} ${{event.id}}\n}', 'not valid JSON', 3, 22],
    ['{"a": ${{event.data.assetName}', 'not closed', 1, 7],
    ['{"a": ${{process.env.SECRET}}}', 'unknown root "process"', 1, 7],
    ['{"a": ${{event.data[}}}', 'is not a path', 1, 7],
  ])('rejects %s', (template, message, line, column) => {
    let error: unknown
    try {
      validateJsonTemplate(template)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(TemplateError)
    expect(error).toMatchObject({ line, column, message: expect.stringContaining(message) })
  })
})
