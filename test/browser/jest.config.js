const preset = require('../../jest.preset.js')

// The Fiori apps in headless Chromium against a served app: one browser for all tests, in order
module.exports = {
  ...preset,
  displayName: 'browser',
  rootDir: '../..',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
}
