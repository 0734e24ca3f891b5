// One jest run over the CAP app and both workspaces, each a project of its own.
module.exports = {
  // pipeline tests wait for queued chains and retries with backoff
  testTimeout: 30_000,
  projects: [
    '<rootDir>/test/jest.config.js',
    '<rootDir>/lambda/jest.config.js',
    '<rootDir>/sitewise-edge-sim/jest.config.js',
    '<rootDir>/test/browser/jest.config.js',
    '<rootDir>/test/production/jest.config.js',
    '<rootDir>/test/postgres/jest.config.js',
  ],
}
