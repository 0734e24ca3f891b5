const preset = require('../jest.preset.js')

module.exports = {
  ...preset,
  displayName: 'simulator',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
}
