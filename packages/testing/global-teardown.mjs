import testing from './dist/global.js';

export default async function globalTeardown() {
  await testing.stopTestRun();
}
