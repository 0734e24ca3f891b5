import cds from '@sap/cds'

const LOG = cds.log('bindings')

interface Requirement {
  /** the cds.requires entry */
  service: string
  /** whether this deployment needs it, by its configuration */
  needed: (config: Record<string, unknown>) => boolean
  /** whether it is bound usably */
  bound: (credentials: Record<string, unknown> | undefined) => boolean
  /** what to create and bind when it is missing */
  create: string
}

const has = (...keys: string[]) => (credentials: Record<string, unknown> | undefined) => keys.every(key => Boolean(credentials?.[key]))

/**
 * What a production start cannot do without. Each is looked up the CAP way, from the
 * `cds.requires` entry that VCAP_SERVICES fills; optional bindings (connectivity for
 * on-premise systems, AI Core for the summary, which falls back to a template) are only logged.
 */
const REQUIRED: Requirement[] = [
  { service: 'db', needed: c => c.kind === 'hana', bound: has('host', 'schema'), create: 'an HDI container (service hana, plan hdi-shared)' },
  { service: 'auth', needed: c => c.kind === 'xsuaa', bound: has('clientid', 'xsappname', 'uaadomain'), create: 'an XSUAA instance (service xsuaa, plan application, with xs-security.json)' },
  {
    service: 'aem',
    needed: c => c.kind === 'solace' && c.consume !== false,
    bound: credentials => has('url', 'vpn')(credentials) && (has('username', 'password')(credentials) || has('accessToken')(credentials) || has('tokenEndpoint', 'clientId', 'clientSecret')(credentials)),
    create: 'a user-provided service "aem" with url, vpn and username/password or OAuth client credentials (see README), or set cds.requires.aem.consume=false to receive through the webhook only',
  },
  {
    service: 'destinations',
    // the SAP Cloud SDK also reads destinations from the `destinations` environment variable
    needed: () => !process.env.destinations,
    bound: has('uri', 'clientid'),
    create: 'a Destination service instance (service destination, plan lite)',
  },
]

const OPTIONAL: { service: string; without: string }[] = [
  { service: 'connectivity', without: 'destinations of proxy type OnPremise (Cloud Connector) are unreachable' },
  { service: 'aicore', without: 'the AI summary falls back to its template' },
]

/**
 * Stops a production start whose bindings are missing, with one line that names the binding
 * and what to create, before anything fails on it less clearly.
 */
export function checkRequiredBindings() {
  const requires = cds.env.requires as Record<string, (Record<string, unknown> & { credentials?: Record<string, unknown> }) | false | undefined>
  const missing = REQUIRED.filter(({ service, needed, bound }) => {
    const config = requires[service]
    return config && needed(config) && !bound(config.credentials)
  })
  for (const { service, create } of missing) LOG.error(`missing binding '${service}': create and bind ${create}`)
  // a stack trace would say no more than the line above; the platform shows the exit code
  if (missing.length) process.exit(1)
  for (const { service, without } of OPTIONAL) {
    const config = requires[service]
    if (!config || !config.credentials) LOG.info(`no '${service}' binding: ${without}`)
  }
}
