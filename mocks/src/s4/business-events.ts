import cds from '@sap/cds'
import { randomUUID } from 'node:crypto'

const LOG = cds.log('mock-s4')

/** Where S/4 publishes its events: a broker's REST messaging endpoint (AEM, the mock broker) */
export interface EventTarget {
  url: string
  username: string
  password: string
}

export type NotificationOperation = 'Created' | 'Changed' | 'Completed' | 'Deleted'

/** A business event in the CloudEvents JSON format; lean, as S/4's are: the key only, receivers read the rest */
export interface CloudEvent {
  specversion: '1.0'
  id: string
  type: string
  source: string
  time: string
  datacontenttype: 'application/json'
  data: Record<string, string>
}

export interface PublishedEvent {
  topic: string
  event: CloudEvent
  /** null while the publication is under way */
  published: boolean | null
  /** why the publication failed */
  error?: string
}

/** The system's name in the event mesh: the topic's namespace and the events' source */
const SYSTEM = 'S4HANAOD/E2BA'
const SOURCE = '/default/sap.s4.beh/E2BA'
const NOTIFICATION_TYPE = 'sap.s4.beh.maintenancenotification.v1.MaintenanceNotification'
const PUBLISH_TIMEOUT_MS = 2_000
const CAPACITY = 200

/** S/4 topics are `<namespace>/ce/<type with dots as slashes>` */
export const notificationTopic = (operation: NotificationOperation) => `sap/${SYSTEM}/ce/${`${NOTIFICATION_TYPE}.${operation}.v1`.replaceAll('.', '/')}`

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, …) is its cause */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? ((error.cause as NodeJS.ErrnoException).code ?? error.cause.message) : undefined
  return cause ? `${error.message} (${cause})` : error.message
}

const authorization = ({ username, password }: EventTarget) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

/**
 * The business events the stand-in publishes as S/4HANA does through the event mesh: a CloudEvent
 * per create and change of a maintenance notification, posted to the broker's REST interface
 * (`POST <url>/TOPIC/<topic>`, persistent). Publishing never holds up or fails the OData request:
 * events go out one after the other in the background, each bounded by a short timeout, and a
 * failure is logged and kept in the list. Without a target (`target()` undefined) nothing is
 * published; it is read per event, as a server's own URL is known only once it listens.
 */
export class BusinessEvents {
  private entries: PublishedEvent[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly target: () => EventTarget | undefined) {}

  notification(operation: NotificationOperation, number: string) {
    const target = this.target()
    if (!target) return
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      type: `${NOTIFICATION_TYPE}.${operation}.v1`,
      source: SOURCE,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { MaintenanceNotification: number },
    }
    const entry: PublishedEvent = { topic: notificationTopic(operation), event, published: null }
    this.entries.push(entry)
    if (this.entries.length > CAPACITY) this.entries.shift()
    // in order, as S/4 sends them from its outbound queue
    this.queue = this.queue.then(() => this.publish(target, entry))
  }

  list(): PublishedEvent[] {
    return this.entries.map(entry => ({ ...entry }))
  }

  clear() {
    this.entries = []
  }

  private async publish(target: EventTarget, entry: PublishedEvent) {
    try {
      const topic = entry.topic.split('/').map(encodeURIComponent).join('/')
      const response = await fetch(`${target.url.replace(/\/+$/, '')}/TOPIC/${topic}`, {
        method: 'POST',
        headers: {
          authorization: authorization(target),
          'content-type': 'application/cloudevents+json',
          'solace-delivery-mode': 'persistent',
          'solace-message-id': entry.event.id,
        },
        body: JSON.stringify(entry.event),
        signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
      })
      await response.body?.cancel()
      if (!response.ok) throw new Error(`the broker answered ${response.status}`)
      entry.published = true
    } catch (error) {
      entry.published = false
      entry.error = describe(error)
      LOG.warn(`could not publish ${entry.event.type} for notification ${entry.event.data.MaintenanceNotification} to ${target.url}: ${entry.error}`)
    }
  }
}
