// One jest run over the CAP app and both workspaces, each a project of its own.
module.exports = {
  projects: [
    '<rootDir>/test/jest.config.js',
    '<rootDir>/lambda/jest.config.js',
    '<rootDir>/sitewise-edge-sim/jest.config.js',
  ],
}
