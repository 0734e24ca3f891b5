const preset = require('../jest.preset.js')

module.exports = {
  ...preset,
  displayName: 'lambda',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
}
