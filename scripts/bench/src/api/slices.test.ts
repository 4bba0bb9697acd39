import { combineSlices } from './slices';
import type { WorkloadFigures } from './measure';

const slice = (overrides: Partial<WorkloadFigures>): WorkloadFigures => ({
  requests: 100, perSecond: 100, p50: 10, p99: 20, non2xx: 0, errors: 0, seconds: 1, cpuMs: 50,
  statementsPerRequest: 10, serverCpuMsPerRequest: 5, machineCpuMsPerRequest: 9, stolenMsPerRequest: 1, postgresCpuMsPerRequest: 3, loadCpuMsPerRequest: 0.5,
  ...overrides,
});

describe('combineSlices', () => {
  it('sums counts and times, and takes throughput from the totals, not a mean of rates', () => {
    const row = combineSlices([slice({ requests: 300, seconds: 3, perSecond: 100 }), slice({ requests: 100, seconds: 2, perSecond: 50 }), slice({ non2xx: 2, errors: 1, cpuMs: 25 })]);
    expect(row).toMatchObject({ requests: 500, seconds: 6, non2xx: 2, errors: 1, cpuMs: 125 });
    expect(row.perSecond).toBeCloseTo(500 / 6, 9);
  });

  it('weights each per-request figure by its slice’s requests', () => {
    const row = combineSlices([slice({ requests: 300, serverCpuMsPerRequest: 4, postgresCpuMsPerRequest: 2, stolenMsPerRequest: 1 }), slice({ requests: 100, serverCpuMsPerRequest: 8, postgresCpuMsPerRequest: 6, stolenMsPerRequest: 5 })]);
    expect(row.serverCpuMsPerRequest).toBeCloseTo(5, 9);
    expect(row.stolenMsPerRequest).toBeCloseTo(2, 9);
    expect(row.postgresCpuMsPerRequest).toBeCloseTo(3, 9);
    expect(row.statementsPerRequest).toBeCloseTo(10, 9);
  });

  it('reports the median slice’s p50 (the lower middle of an even count) and the worst p99', () => {
    expect(combineSlices([slice({ p50: 30, p99: 50 }), slice({ p50: 10, p99: 90 }), slice({ p50: 20, p99: 40 })])).toMatchObject({ p50: 20, p99: 90 });
    expect(combineSlices([slice({ p50: 40 }), slice({ p50: 10 })]).p50).toBe(10);
  });

  it('keeps one slice as it was, and answers zero rates for slices that served nothing', () => {
    const only = slice({ requests: 42, seconds: 2 });
    expect(combineSlices([only])).toEqual({ ...only, perSecond: 21 });
    expect(combineSlices([slice({ requests: 0, seconds: 0 })])).toMatchObject({ perSecond: 0, serverCpuMsPerRequest: 0 });
  });

  it('refuses no slices at all', () => {
    expect(() => combineSlices([])).toThrow('no slices');
  });
});
