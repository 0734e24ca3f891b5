import type { Point } from '../points'

const before = (a: Point, b: Point) => a.sec < b.sec || (a.sec === b.sec && a.nanos < b.nanos)
const same = (a: Point, b: Point) => a.sec === b.sec && a.nanos === b.nanos

/**
 * Puts the points of one series in time order within a bounded window, and keeps one point
 * per timestamp: the highest recordVersion (the later one on a tie). Points that arrive
 * after their timestamp has left the window are counted as late and dropped, so memory
 * stays bounded whatever the input.
 */
export class ReorderBuffer {
  private items: (Point | undefined)[] = []
  private head = 0
  private lastOut: Point | undefined
  late = 0
  replaced = 0

  constructor(
    private readonly capacity: number,
    private readonly out: (point: Point) => void,
  ) {}

  push(point: Point) {
    if (this.lastOut && !before(this.lastOut, point)) {
      this.late++
      return
    }
    const items = this.items
    const last = items.length > this.head ? (items[items.length - 1] as Point) : undefined
    if (!last || before(last, point)) items.push(point)
    else this.insert(point)
    if (items.length - this.head > this.capacity) this.shift()
  }

  flush() {
    while (this.items.length > this.head) this.shift()
    this.items = []
    this.head = 0
  }

  private insert(point: Point) {
    const items = this.items
    let low = this.head
    let high = items.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (before(items[mid] as Point, point)) low = mid + 1
      else high = mid
    }
    const found = items[low]
    if (found && same(found, point)) {
      this.replaced++
      if (point.version >= found.version) items[low] = point
    } else items.splice(low, 0, point)
  }

  private shift() {
    const point = this.items[this.head] as Point
    this.items[this.head++] = undefined
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    this.lastOut = point
    this.out(point)
  }
}
