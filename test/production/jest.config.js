const preset = require('../../jest.preset.js')

// The production build, started and exercised as Cloud Foundry would run it (built once per run)
module.exports = {
  ...preset,
  displayName: 'production',
  rootDir: '../..',
  roots: ['<rootDir>/test/production'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/production/global-setup.ts',
}
