const preset = require('../jest.preset.js')

module.exports = {
  ...preset,
  displayName: 'cap',
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  modulePathIgnorePatterns: ['<rootDir>/gen/', '<rootDir>/lambda/', '<rootDir>/sitewise-edge-sim/'],
}
