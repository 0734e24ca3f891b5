import { ADMIN, as, serve } from './helpers/server'

/** The rules list of Manage Rules and Actions: the columns an admin reads a rule by */
const server = serve()

/** The records of an entity's annotation collection in $metadata: each record's value (or target) and importance */
function records(metadata: string, target: string, term: string) {
  const annotations = new RegExp(`<Annotations Target="${target}">([\\s\\S]*?)</Annotations>`).exec(metadata)?.[1] ?? ''
  const collection = new RegExp(`<Annotation Term="${term}">\\s*<Collection>([\\s\\S]*?)</Collection>\\s*</Annotation>`).exec(annotations)?.[1] ?? ''
  return collection.split('<Record').slice(1).map(record => ({
    value: /Property="(?:Value|Target)" (?:Path|AnnotationPath)="([^"]+)"/.exec(record)?.[1],
    importance: /Term="UI.Importance" EnumMember="UI.ImportanceType\/(\w+)"/.exec(record)?.[1],
  }))
}

it('shows minimum severity, outcome with what it runs, and the suppression window as columns that stay visible', async () => {
  const { data: metadata } = await server.GET(`${ADMIN}/$metadata`, as('admin'))
  const columns = records(metadata as string, 'AdminService.Rules', 'UI.LineItem')
  expect(columns).toEqual(
    expect.arrayContaining([
      { value: 'minSeverity_code', importance: 'High' },
      { value: '@UI.FieldGroup#OutcomeColumn', importance: 'High' },
      { value: 'suppressionMinutes', importance: 'High' },
    ]),
  )
  // the outcome column: the outcome, then its chain or (delegating) its decision action; field control hides the other
  const outcome = new RegExp('<Annotation Term="UI.FieldGroup" Qualifier="OutcomeColumn">([\\s\\S]*?)</Annotation>\\s*<Annotation').exec(metadata as string)?.[1] ?? ''
  expect([...outcome.matchAll(/Property="Value" Path="([^"]+)"/g)].map(m => m[1])).toEqual(['outcome_code', 'chain_ID', 'decisionAction_ID'])
})

it('reads, per rule, the names its columns show', async () => {
  const { data } = await server.GET(
    `${ADMIN}/Rules?$filter=IsActiveEntity eq true and priority in (10,90)&$orderby=priority&$select=priority,suppressionMinutes&$expand=minSeverity($select=name),outcome($select=name),chain($select=name),decisionAction($select=name)`,
    as('admin'),
  )
  expect(data.value).toEqual([
    expect.objectContaining({ priority: 10, suppressionMinutes: 240, minSeverity: { name: 'Critical', code: 'CRITICAL' }, outcome: { name: 'Run chain', code: 'CHAIN' }, chain: expect.objectContaining({ name: 'Malfunction report with AI summary' }), decisionAction: null }),
    expect.objectContaining({ priority: 90, minSeverity: null, outcome: { name: 'Delegate to decision', code: 'DELEGATE_BPA' }, chain: null, decisionAction: expect.objectContaining({ name: 'Decision: which chain for this event' }) }),
  ])
})

it('is for admins: a viewer reads no rules', async () => {
  expect((await server.GET(`${ADMIN}/Rules`, as('viewer'))).status).toBe(403)
})
