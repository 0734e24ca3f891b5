/** A SiteWise asset property notification, as the IoT rule would store it */
export function propertyValueUpdate(assetId: string, propertyId: string, values: { timeMs: number; value: Record<string, unknown>; quality?: string }[]) {
  return {
    type: 'PropertyValueUpdate',
    payload: {
      assetId,
      propertyId,
      values: values.map(v => ({
        timestamp: { timeInSeconds: Math.floor(v.timeMs / 1000), offsetInNanos: (v.timeMs % 1000) * 1e6 },
        quality: v.quality ?? 'GOOD',
        value: v.value,
      })),
    },
  }
}

/** An alarm state as SiteWise notifies it: the state JSON inside stringValue */
export const alarmValue = (stateName: string, inputProperty = 34.25, threshold = 40) => ({
  stringValue: JSON.stringify({ stateName, ruleEvaluation: { simpleRule: { inputProperty, operator: 'GREATER', threshold } } }),
})

export const jsonLines = (docs: unknown[]) => docs.map(d => JSON.stringify(d)).join('\n') + '\n'
