/** Variables the global setup hands to test files. */
export const TEST_ENV = {
  adminUrl: 'TANDEM_TEST_ADMIN_URL',
  template: 'TANDEM_TEST_TEMPLATE',
  redisUrl: 'TANDEM_TEST_REDIS_URL',
} as const;

// Test-only role passwords; on a developer's trust-auth server they are not even checked.
export const TEST_PASSWORDS = {
  ownerPassword: 'tandem-owner-test-only',
  appPassword: 'tandem-app-test-only',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run integration tests through the jest-integration config`);
  return value;
}
