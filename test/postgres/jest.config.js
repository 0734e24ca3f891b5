const cap = require('../jest.config.js')

// The intake, processing, notification status, integrity and restart suites once more, on a real PostgreSQL
// (@cap-js/postgres on @cap-js/db-service 2, the line HANA runs on in production):
// part of npm test, and alone with npm run test:postgres.
module.exports = {
  ...cap,
  displayName: 'postgres',
  testTimeout: 30_000,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/intake/**/*.test.ts', '<rootDir>/test/processing/**/*.test.ts', '<rootDir>/test/integrity.test.ts', '<rootDir>/test/monitoring-day.test.ts', '<rootDir>/test/e2e/restart.test.ts', '<rootDir>/test/status/**/*.test.ts', '<rootDir>/test/scale/**/*.test.ts'],
  // the scale-out test runs here only: it needs PostgreSQL
  testPathIgnorePatterns: ['/node_modules/'],
  setupFiles: ['<rootDir>/test/postgres/setup.ts'],
  globalSetup: '<rootDir>/test/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/postgres/global-teardown.ts',
}
