import { BatchPutAssetPropertyValueCommand, IoTSiteWiseClient, ThrottlingException, type BatchPutAssetPropertyValueCommandInput } from '@aws-sdk/client-iotsitewise'
import { mockClient } from 'aws-sdk-client-mock'
import { runScenario } from '../src/run'
import { siteWiseSink, type SiteWiseSinkOptions } from '../src/sinks/sitewise'
import { firstInterval, shortScenario } from './factories'

const START = '2026-03-02T08:00:00.000Z'
/** "now" half an hour after the start: every sample of a short scenario is inside SiteWise's window */
const NOW = new Date(START).getTime() / 1000 + 1800

const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })

describe('SiteWise sink (BatchPutAssetPropertyValue)', () => {
  const siteWise = mockClient(IoTSiteWiseClient)
  const client = new IoTSiteWiseClient({ region: 'eu-central-1' })
  const delays: number[] = []
  const sink = (overrides: Partial<SiteWiseSinkOptions> = {}) =>
    siteWiseSink({ client, now: () => NOW, sleep: ms => (delays.push(ms), Promise.resolve()), baseDelayMs: 100, ...overrides })
  const sent = () => siteWise.commandCalls(BatchPutAssetPropertyValueCommand).map(call => call.args[0].input)
  const values = (inputs: BatchPutAssetPropertyValueCommandInput[]) =>
    inputs.flatMap(input => (input.entries ?? []).flatMap(e => (e.propertyValues ?? []).map(v => `${e.propertyAlias}@${v.timestamp?.timeInSeconds}`)))

  beforeEach(() => {
    siteWise.reset()
    delays.length = 0
  })

  it('sends at most 10 entries of at most 10 values a request, each value once', async () => {
    siteWise.on(BatchPutAssetPropertyValueCommand).resolves({ errorEntries: [] })
    const target = sink()
    const interval = firstInterval(shortScenario({ start: START, objectIntervalSeconds: 900 }))
    await target.write(interval.series)

    const inputs = sent()
    expect(inputs.every(input => (input.entries?.length ?? 0) <= 10)).toBe(true)
    expect(inputs.every(input => input.entries?.every(e => (e.propertyValues?.length ?? 0) <= 10))).toBe(true)
    const expected = interval.series.flatMap(s => s.samples.map(v => `${s.property.propertyAlias}@${v.timeInSeconds}`))
    expect(values(inputs).sort()).toEqual(expected.sort())
    // 24 series × 90 samples = 216 entries of 10 → 22 requests
    expect(inputs).toHaveLength(22)
    expect(target.stats).toEqual({ requests: 22, values: 2160, retries: 0, rejected: [] })
    const [firstEntry] = inputs[0]?.entries ?? []
    expect(firstEntry).toEqual({
      entryId: 'e0',
      propertyAlias: '/Plant1010/Line1/Motor1/Vibration',
      propertyValues: expect.arrayContaining([{ value: { doubleValue: expect.any(Number) }, quality: 'GOOD', timestamp: { timeInSeconds: expect.any(Number), offsetInNanos: 0 } }]),
    })
  })

  it('addresses properties by asset and property id on request', async () => {
    siteWise.on(BatchPutAssetPropertyValueCommand).resolves({})
    const interval = firstInterval(shortScenario({ start: START }))
    await sink({ addressBy: 'ids' }).write(interval.series.slice(0, 1))
    const [entry] = sent()[0]?.entries ?? []
    expect(entry).toMatchObject({ assetId: interval.series[0]?.asset.assetId, propertyId: interval.series[0]?.property.propertyId })
    expect(entry?.propertyAlias).toBeUndefined()
  })

  it('retries a throttled request with growing backoff until it goes through', async () => {
    siteWise.on(BatchPutAssetPropertyValueCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({})
    const target = sink()
    const interval = firstInterval(shortScenario({ start: START }))
    await target.write(interval.series.slice(0, 1)) // 90 values: one request of 9 entries

    expect(sent()).toHaveLength(4)
    expect(values(sent().slice(0, 1))).toEqual(values(sent().slice(3)))
    expect(target.stats).toMatchObject({ requests: 4, values: 90, retries: 3, rejected: [] })
    // full jitter below a cap that doubles each time
    expect(delays).toHaveLength(3)
    delays.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(100 * 2 ** i))
  })

  it('gives up after the last attempt and reports the values as rejected', async () => {
    siteWise.on(BatchPutAssetPropertyValueCommand).rejects(throttled())
    const target = sink({ maxAttempts: 3 })
    const interval = firstInterval(shortScenario({ start: START }))
    await target.write(interval.series.slice(0, 1))
    expect(sent()).toHaveLength(3)
    expect(target.stats.rejected).toEqual([{ propertyAlias: '/Plant1010/Line1/Motor1/Vibration', errorCode: 'ThrottlingException', message: 'Rate exceeded', values: 90 }])
  })

  it('resends only the values a per-entry throttling error names, and reports the ones refused for good', async () => {
    const interval = firstInterval(shortScenario({ start: START }))
    const [series] = interval.series
    const stamps = (series?.samples ?? []).slice(0, 10).map(s => ({ timeInSeconds: s.timeInSeconds, offsetInNanos: 0 }))
    siteWise
      .on(BatchPutAssetPropertyValueCommand)
      .resolvesOnce({
        errorEntries: [
          { entryId: 'e0', errors: [{ errorCode: 'ThrottlingException', errorMessage: 'slow down', timestamps: stamps.slice(0, 3) }] },
          { entryId: 'e0', errors: [] },
          { entryId: 'e1', errors: [{ errorCode: 'InvalidRequestException', errorMessage: 'type mismatch', timestamps: [] }] },
        ],
      })
      .resolves({})
    const target = sink()
    await target.write(interval.series.slice(0, 1))

    const [, retry] = sent()
    expect(retry?.entries).toHaveLength(1)
    expect(retry?.entries?.[0]?.propertyValues?.map(v => v.timestamp?.timeInSeconds)).toEqual(stamps.slice(0, 3).map(s => s.timeInSeconds))
    expect(target.stats.values).toBe(80)
    expect(target.stats.rejected).toEqual([{ propertyAlias: '/Plant1010/Line1/Motor1/Vibration', errorCode: 'InvalidRequestException', message: 'type mismatch', values: 10 }])
  })

  it('never sends values older than 7 days or more than 10 minutes ahead', async () => {
    siteWise.on(BatchPutAssetPropertyValueCommand).resolves({})
    const interval = firstInterval(shortScenario({ start: START, objectIntervalSeconds: 900 }))
    const first = interval.series[0]?.samples[0]?.timeInSeconds ?? 0
    // 8 days later nothing is accepted; 5 minutes before the first sample only the first 15 minutes (now + 10 min) are
    const late = sink({ now: () => first + 8 * 86_400 })
    await late.write(interval.series.slice(0, 1))
    expect(sent()).toHaveLength(0)
    expect(late.stats.rejected).toEqual([expect.objectContaining({ errorCode: 'TimestampOutOfRange', values: 90 })])

    const early = sink({ now: () => first - 300 })
    await early.write(interval.series.slice(0, 1))
    expect(values(sent())).toHaveLength(31)
    expect(early.stats.rejected).toEqual([expect.objectContaining({ errorCode: 'TimestampOutOfRange', values: 59 })])
  })

  it('takes the whole scenario through runScenario', async () => {
    siteWise.on(BatchPutAssetPropertyValueCommand).resolves({})
    const target = sink({ now: () => NOW + 1800 })
    const result = await runScenario({ ...shortScenario({ start: START, faults: 'default' }), sinks: [target] })
    expect(target.stats.values).toBe(result.points)
    expect(values(sent())).toHaveLength(result.points)
    expect(result.objects).toEqual([])
  })
})
