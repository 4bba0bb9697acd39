import { abReport, comparedWithFirst, median } from './ab-report';
import type { RoundCost } from './ab-report';

const round = (server: number, postgres = 0, redis = 0, serverSystem = 0): RoundCost => ({ server, serverSystem, postgres, redis });

describe('median', () => {
  it('takes the middle of an odd count, the mean of the two middle values of an even one, and NaN of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('does not reorder what it is given', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('comparedWithFirst', () => {
  it("compares each round's machine CPU (server, PostgreSQL and Redis) with the first side's in the same round", () => {
    const base = { name: 'base', rounds: [round(4, 4, 2), round(8, 8, 4), round(5, 4, 1)] };
    const change = { name: 'change', rounds: [round(3, 4, 1), round(8, 8, 4), round(6, 5, 1)] };
    // Ratios 0.8, 1 and 1.2: the machine doubled its cost in round two, and the pairing cancels it.
    expect(comparedWithFirst([base, change])).toEqual([{ name: 'change', ratio: 1, lowerIn: 1, rounds: 3 }]);
  });

  it('compares nothing without a second side, and only the rounds both have', () => {
    expect(comparedWithFirst([])).toEqual([]);
    expect(comparedWithFirst([{ name: 'alone', rounds: [round(1)] }])).toEqual([]);
    const short = comparedWithFirst([{ name: 'a', rounds: [round(2)] }, { name: 'b', rounds: [round(1), round(9)] }]);
    expect(short).toEqual([{ name: 'b', ratio: 0.5, lowerIn: 1, rounds: 1 }]);
  });
});

describe('abReport', () => {
  it('prints the medians per process and each side against the first', () => {
    const text = abReport('dashboard', 300, [
      { name: 'base', rounds: [round(5, 3, 0.2, 0.5), round(6, 3, 0.2, 0.7)] },
      { name: 'this checkout', rounds: [round(4, 3, 0.2, 0.4), round(5, 3, 0.2, 0.6)] },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('dashboard: CPU per request in ms, medians of 2 rounds of 300 requests');
    expect(lines[2]).toMatch(/^ {2}base +5\.50 +0\.60 +3\.00 +0\.20 +8\.70 {3}8\.20 9\.20$/);
    expect(lines[3]).toMatch(/^ {2}this checkout +4\.50 +0\.50 +3\.00 +0\.20 +7\.70 {3}7\.20 8\.20$/);
    expect(lines[4]).toBe("  this checkout against base: 88 % of its machine CPU per request (median of the rounds' ratios), lower in 2 of 2 rounds");
  });
});
