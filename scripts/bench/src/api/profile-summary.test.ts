import { packageOf, sharesByCategory } from './profile-summary';
import type { CpuProfile } from './profile-summary';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
const PG = 'file:///work/node_modules/.pnpm/pg@8.23.1/node_modules/pg/lib/client.js';
const AUTHZ = 'file:///work/main/packages/authz/dist/checks.js';
const CLIENT = 'file:///work/main/scripts/bench/dist/api/in-process-client.js';

/**
 * root ─┬─ (idle) 1
 *       ├─ (garbage collector) 2
 *       ├─ writev 3
 *       ├─ pg query 4 ── authz readableView 5
 *       ├─ client run 6 ── writev 7
 *       └─ runMicrotasks 8
 */
const profile: CpuProfile = {
  nodes: [
    { id: 0, callFrame: frame('(root)'), children: [1, 2, 3, 4, 6, 8] },
    { id: 1, callFrame: frame('(idle)') },
    { id: 2, callFrame: frame('(garbage collector)') },
    { id: 3, callFrame: frame('writev') },
    { id: 4, callFrame: frame('query', PG), children: [5] },
    { id: 5, callFrame: frame('readableView', AUTHZ) },
    { id: 6, callFrame: frame('run', CLIENT), children: [7] },
    { id: 7, callFrame: frame('writev') },
    { id: 8, callFrame: frame('runMicrotasks') },
  ],
  samples: [1, 1, 1, 2, 3, 3, 4, 5, 5, 7, 8],
};

describe('sharesByCategory', () => {
  const shares = sharesByCategory(profile, (url) => url === CLIENT);

  it('leaves idle samples out and shares the busy ones, summing to one', () => {
    expect([...shares.values()].reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 12);
    expect(shares.has('(native / GC / idle)')).toBe(false);
  });

  it('names garbage collection and socket writes apart from other native code, and the package of anything else', () => {
    expect(shares.get('other native code (V8, microtasks, strings)')).toBeCloseTo(1 / 8, 12);
    expect(shares.get('garbage collection')).toBeCloseTo(1 / 8, 12);
    expect(shares.get('socket writes')).toBeCloseTo(2 / 8, 12);
    expect(shares.get('pg')).toBeCloseTo(1 / 8, 12);
    expect(shares.get('@tandem/authz')).toBeCloseTo(2 / 8, 12);
  });

  it("charges to the client whatever runs under a client's frame, its socket writes too", () => {
    expect(shares.get('the client')).toBeCloseTo(1 / 8, 12);
  });

  it('answers nothing for a profile that was idle throughout', () => {
    expect(sharesByCategory({ nodes: profile.nodes, samples: [1, 1] }, () => false).size).toBe(0);
  });
});

describe('packageOf', () => {
  it("names a dependency by its package, ours by its folder, and Node's own as node:internal", () => {
    expect(packageOf(PG)).toBe('pg');
    expect(packageOf('file:///work/node_modules/.pnpm/@apollo+server@5.0.0/node_modules/@apollo/server/dist/cjs/x.js')).toBe('@apollo/server');
    expect(packageOf(AUTHZ)).toBe('@tandem/authz');
    expect(packageOf('node:internal/streams/writable')).toBe('node:internal');
    expect(packageOf('')).toBe('(native / GC / idle)');
  });
});
