import type { AnomalyEvent } from '#contract'

const FAULTS: Record<AnomalyEvent['data']['anomalyType'], string> = {
  THRESHOLD: 'high',
  DRIFT: 'drifting',
  RATE_OF_CHANGE: 'rising fast',
  ALARM: 'alarm',
  BAD_QUALITY: 'sensor fault',
}

const MEASUREMENTS: Record<AnomalyEvent['data']['measurement'], string> = {
  vibration: 'Vibration',
  temperature: 'Temperature',
  other: 'Signal',
}

/** Cuts text to `max` characters at a word boundary, marking the cut */
export function cut(text: string, max: number) {
  if (text.length <= max) return text
  const room = text.slice(0, max - 1)
  const space = room.lastIndexOf(' ')
  return `${space > max / 2 ? room.slice(0, space) : room}…`
}

/** The notification's short text (S/4 allows 40 characters): the asset and the fault */
export function shortText(event: AnomalyEvent, max = 40) {
  const { data } = event
  const fault = `${MEASUREMENTS[data.measurement]} ${FAULTS[data.anomalyType]}`
  const asset = data.assetName ?? data.assetId
  const room = max - fault.length - 2
  return room >= 8 ? `${cut(asset, room)}: ${fault}` : cut(fault, max)
}
