import { percentile } from './figures';

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 0.5, 0],
    [[7], 0.99, 7],
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.75, 3],
    [[1, 2, 3, 4], 1, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99],
  ])('of %j at %d is %d', (values, q, expected) => {
    expect(percentile(values, q)).toBe(expected);
  });
});
