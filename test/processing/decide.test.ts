import { decide, type DecisionRule } from '../../srv/processing/decide'
import { anomalyEvent } from '../factories/events'

const severityRank = new Map([
  ['WARNING', 1],
  ['CRITICAL', 2],
])

const rule = (priority: number, conditions: Partial<DecisionRule> = {}): DecisionRule => ({
  ID: `rule-${priority}`,
  name: `rule ${priority}`,
  priority,
  outcome_code: 'CHAIN',
  chain_ID: 'chain',
  suppressionMinutes: 60,
  ...conditions,
})

describe('decide: the first matching rule by priority', () => {
  const event = anomalyEvent({ measurement: 'vibration', severity: 'WARNING', value: 6, propertyAlias: '/Plant1010/Line1/Motor1/Vibration' })

  it('takes the first rule whose conditions all hold', () => {
    const rules = [rule(10, { measurement_code: 'temperature' }), rule(20, { measurement_code: 'vibration' }), rule(30)]
    expect(decide(rules, event, severityRank)?.ID).toBe('rule-20')
  })

  it('returns nothing when no rule matches', () => {
    expect(decide([rule(10, { anomalyType_code: 'DRIFT' })], event, severityRank)).toBeUndefined()
  })

  it.each<[string, Partial<DecisionRule>, boolean]>([
    ['a minimum severity at the event severity', { minSeverity_code: 'WARNING' }, true],
    ['a minimum severity above the event severity', { minSeverity_code: 'CRITICAL' }, false],
    ['a value range around the value', { minValue: 5, maxValue: 7 }, true],
    ['a value range below the value', { maxValue: 5.9 }, false],
    ['an asset pattern on the property alias', { assetPattern: '/Plant1010/*' }, true],
    ['an asset pattern on the asset name', { assetPattern: 'Hamburg Line ? Motor*' }, true],
    ['an asset pattern of another plant', { assetPattern: '/Plant1710/*' }, false],
    ['a source pattern', { sourcePattern: 'urn:test:*' }, true],
    ['another source', { sourcePattern: 'urn:aws:*' }, false],
    ['regular expression characters taken literally', { assetPattern: '/Plant1010/Line1/Motor1/Vibration.*' }, false],
  ])('%s: %s', (_, conditions, matches) => {
    expect(decide([rule(10, conditions)], event, severityRank) !== undefined).toBe(matches)
  })
})
