import { ADMIN, as, MONITORING, serve } from './helpers/server'

const server = serve()

describe('labels reach the apps through $metadata', () => {
  it.each([
    [ADMIN, 'AdminService.Rules/suppressionMinutes', 'Suppression window (min)'],
    [ADMIN, 'AdminService.Actions/csrfRequired', 'CSRF token required'],
    [MONITORING, 'MonitoringService.Incidents/notificationNumber', 'S/4 notification'],
  ])('%s labels %s', async (service, target, label) => {
    const res = await server.GET(`${service}/$metadata`, as('admin'))
    expect(res.status).toBe(200)
    const annotations = new RegExp(`<Annotations Target="${target}">\\s*<Annotation Term="Common.Label" String="([^"]*)"`).exec(res.data as string)
    expect(annotations?.[1]).toBe(label)
  })
})
