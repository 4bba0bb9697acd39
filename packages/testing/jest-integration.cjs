// Jest config for a package with integration tests: the shared preset plus one PostgreSQL and
// one Redis for the whole run (each test file then makes its own database from a template).
const preset = require('@tandem/toolchain/jest-preset');

module.exports = {
  ...preset,
  globalSetup: require.resolve('./global-setup.mjs'),
  globalTeardown: require.resolve('./global-teardown.mjs'),
};
