import { redactRequest } from '../../srv/actions/redact-request'

describe('a failed request as it is logged', () => {
  it('carries no credentials, session or body', () => {
    const error = Object.assign(new Error('socket hang up'), {
      config: { url: '/API_X/Set', headers: { Authorization: 'Basic dTpw', cookie: 'SAP_SESSIONID_MCK_100=abc', 'X-CSRF-Token': 'tok', accept: 'application/json' }, data: '{"a":1}' },
    })
    expect(redactRequest(error)).toMatchObject({
      config: { url: '/API_X/Set', headers: { Authorization: '***', cookie: '***', 'X-CSRF-Token': '***', accept: 'application/json' }, data: '<7 bytes, not logged>' },
    })
  })

  it('leaves errors without a request alone', () => {
    const error = new Error('no destination')
    expect(redactRequest(error)).toBe(error)
    expect(redactRequest(undefined)).toBeUndefined()
  })
})
