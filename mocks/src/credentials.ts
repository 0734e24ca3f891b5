import cds from '@sap/cds'

interface Credentials {
  username: string
  password: string
}

/** The stand-ins' credentials, as their real counterparts would be given them: local only, never used against real systems */
export interface MockCredentials {
  s4: Credentials
  bpa: Credentials
  aiCore: { clientid: string; clientsecret: string }
}

const DEFAULT_CREDENTIALS: MockCredentials = {
  s4: { username: 's4user', password: 's4pass' },
  bpa: { username: 'bpa', password: 'bpa' },
  aiCore: { clientid: 'mock', clientsecret: 'mock' },
}

/** `cds.requires.mocks.credentials` over the defaults, so a run can give every stand-in a recognisable secret */
export function mockCredentials(): MockCredentials {
  const configured = (cds.env.requires.mocks as { credentials?: Partial<MockCredentials> } | undefined)?.credentials
  return { ...DEFAULT_CREDENTIALS, ...configured }
}

/** `cds.requires.mocks.s4.url`: an S/4 stand-in in a process of its own (see s4/serve.ts), instead of the one in this server */
export function separateS4Url(): string | undefined {
  const url = (cds.env.requires.mocks as { s4?: { url?: unknown } } | undefined)?.s4?.url
  return typeof url === 'string' && url ? url.replace(/\/+$/, '') : undefined
}
