/** The error a rule throws, for tests that inspect it; fails the test when nothing is thrown. */
export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
