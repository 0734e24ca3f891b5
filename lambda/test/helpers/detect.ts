import { SeriesDetector } from '../../src/detect/series-detector'
import { DEFAULT_SETTINGS, type SeriesSettings } from '../../src/detect/settings'
import type { AnomalyWindow } from '../../src/detect/window'
import type { Point, Quality } from '../../src/points'

export const point = (time: number, value: number | null, quality: Quality = 'GOOD', text: string | null = null): Point => ({
  sec: Math.floor(time / 1000),
  nanos: (time % 1000) * 1e6,
  time,
  quality,
  value,
  text,
  version: -1,
})

/** Runs values through one detector, returns the windows it emits */
export function detect(values: [number, number][], settings: SeriesSettings = DEFAULT_SETTINGS.vibration): AnomalyWindow[] {
  const windows: AnomalyWindow[] = []
  const detector = new SeriesDetector(settings, w => windows.push(w))
  for (const [t, v] of values) detector.push(point(t, v))
  detector.finish()
  return windows
}
