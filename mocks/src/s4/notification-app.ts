import { createHash } from 'node:crypto'
import express from 'express'
import { fromDateLiteral } from './edm-values'
import type { NotificationStore } from './maint-notification'
import { ODataError, odataErrorHandler } from './odata-error'

/**
 * A stand-in for S/4HANA's notification app, so the links planners get
 * (`…/ui#MaintenanceNotification-displayFactSheet?MaintenanceNotification=10000001`) open
 * locally: one static page that reads the number from the link and shows what
 * `GET notifications/<number>` answers. Both go without authentication, like the launchpad's
 * own login would in front of the real app, so they show only a few fields; the page writes
 * them as text, never as markup, and loads nothing from elsewhere.
 */
const NUMBER = /^\d{1,12}$/

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2d3e;background:#f5f6f7}
main{max-width:40rem;background:#fff;padding:1.5rem 2rem;border-radius:.5rem;box-shadow:0 1px 3px #0002}
.system{color:#556b82;font-size:.875rem;margin:0}h1{font-size:1.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.5rem}dt{color:#556b82}dd{margin:0}`

const SCRIPT = `'use strict'
const show = (id, text) => { document.getElementById(id).textContent = text }
function numberInLink() {
  const hash = location.hash.slice(1)
  const query = hash.indexOf('?')
  return new URLSearchParams(query < 0 ? '' : hash.slice(query + 1)).get('MaintenanceNotification')
}
async function load() {
  const details = document.getElementById('details')
  details.hidden = true
  const number = numberInLink()
  if (!number || !/^\\d{1,12}$/.test(number)) {
    show('title', 'Maintenance Notification')
    show('message', 'The link names no maintenance notification.')
    return
  }
  show('title', 'Maintenance Notification ' + number)
  show('message', 'Loading…')
  try {
    const response = await fetch(location.pathname.replace(/\\/?$/, '/') + 'notifications/' + number, { headers: { accept: 'application/json' } })
    if (response.status === 404) return show('message', 'There is no maintenance notification ' + number + '.')
    if (!response.ok) throw new Error('HTTP ' + response.status)
    const notification = await response.json()
    show('title', 'Maintenance Notification ' + notification.MaintenanceNotification)
    show('number', notification.MaintenanceNotification)
    show('text', notification.NotificationText)
    show('status', notification.NotifProcessingPhaseDesc)
    show('reference', notification.MaintNotifExtReferenceNumber)
    show('changed', notification.LastChangeDateTime ? new Date(notification.LastChangeDateTime).toLocaleString() : '')
    show('message', '')
    details.hidden = false
  } catch (error) {
    show('message', 'Could not load maintenance notification ' + number + ': ' + error.message)
  }
}
addEventListener('hashchange', load)
load()
`

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Maintenance Notification</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="system">SAP S/4HANA (local stand-in)</p>
<h1 id="title">Maintenance Notification</h1>
<p id="message" role="status"></p>
<dl id="details" hidden>
<dt>Notification</dt><dd id="number"></dd>
<dt>Description</dt><dd id="text"></dd>
<dt>Status</dt><dd id="status"></dd>
<dt>External reference</dt><dd id="reference"></dd>
<dt>Last changed</dt><dd id="changed"></dd>
</dl>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
/** Only the page's own script and style run, and it talks to its origin only */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The fields the page shows, LastChangeDateTime as an ISO timestamp */
function summary(notification: Record<string, unknown>) {
  const text = (name: string) => (typeof notification[name] === 'string' ? notification[name] : '')
  const changed = fromDateLiteral(text('LastChangeDateTime'))
  return {
    MaintenanceNotification: text('MaintenanceNotification'),
    NotificationText: text('NotificationText'),
    NotifProcessingPhase: text('NotifProcessingPhase'),
    NotifProcessingPhaseDesc: text('NotifProcessingPhaseDesc'),
    MaintNotifExtReferenceNumber: text('MaintNotifExtReferenceNumber'),
    LastChangeDateTime: changed === undefined ? null : new Date(changed).toISOString(),
  }
}

export function notificationApp(store: Pick<NotificationStore, 'find'>): express.Router {
  const router = express.Router()
  router.use((_req, res, next) => {
    res.set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' })
    next()
  })
  router.get('/', (_req, res) => {
    res.set('content-security-policy', CONTENT_SECURITY_POLICY).type('html').send(PAGE)
  })
  router.get('/notifications/:number', (req, res) => {
    const { number } = req.params
    if (!NUMBER.test(number)) throw new ODataError(400, 'S4MOCK/INVALID_KEY', 'A notification number has up to 12 digits')
    const notification = store.find(number)
    if (!notification) throw new ODataError(404, 'S4MOCK/NOT_FOUND', `There is no maintenance notification ${number}`)
    res.json(summary(notification))
  })
  router.use(odataErrorHandler)
  return router
}
