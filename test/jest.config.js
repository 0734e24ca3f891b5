const preset = require('../jest.preset.js')

module.exports = {
  ...preset,
  displayName: 'cap',
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // the browser and production tests are projects of their own (test/*/jest.config.js)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/', '<rootDir>/test/production/', '<rootDir>/test/scale/'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  // the SAP AI SDK ships ES modules only: compile them to CommonJS like our own sources
  transform: {
    ...preset.transform,
    '^.+\\.m?js$': ['@swc/jest', { module: { type: 'commonjs' }, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@sap-ai-sdk/)'],
  modulePathIgnorePatterns: ['<rootDir>/gen/', '<rootDir>/lambda/', '<rootDir>/sitewise-edge-sim/'],
}
