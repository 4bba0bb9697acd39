/** The parts of a V8 CPU profile (`Profiler.stop`) that a summary needs. */
export interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: readonly number[] }[];
  readonly samples: readonly number[];
}

/** Where a script lives, shortened to its package (`graphql`, `@tandem/authz`, `node:internal`). */
export function packageOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  if (url.startsWith('node:')) return 'node:internal';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const ours = /\/(services|packages|scripts)\/([^/]+)\//.exec(url);
  return ours ? `@tandem/${ours[2]}` : url;
}

const share = (samples: number, total: number) => `${((100 * samples) / total).toFixed(1).padStart(5)} %`;

/** The heaviest functions and packages by self time, as text. */
export function summariseProfile(profile: CpuProfile, top = 25): string {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) continue;
    const where = packageOf(frame.url);
    const name = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + 1);
    packages.set(where, (packages.get(where) ?? 0) + 1);
  }
  const total = Math.max(profile.samples.length, 1);
  const heaviest = (counts: Map<string, number>) =>
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, samples]) => `  ${share(samples, total)}  ${name}`)
      .join('\n');
  return `self time by package:\n${heaviest(packages)}\nself time by function:\n${heaviest(functions)}`;
}

/** Native functions that write to a socket: the kernel's side of sending to PostgreSQL, Redis or a client. */
const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String']);

/**
 * What each sample of a profile was spent on, as shares of the samples that were not idle:
 * `garbage collection`, `socket writes`, `the client` (any sample with a frame of `isClient` on
 * its stack: a load generator in the same process), other native code, or the package of the
 * function running.
 */
export function sharesByCategory(profile: CpuProfile, isClient: (url: string) => boolean): Map<string, number> {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const onClientStack = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) if (isClient(byNode.get(at)?.callFrame.url ?? '')) return true;
    return false;
  };
  const counts = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const category = onClientStack(id)
      ? 'the client'
      : frame.functionName === '(garbage collector)'
        ? 'garbage collection'
        : !frame.url && SOCKET_WRITES.has(frame.functionName)
          ? 'socket writes'
          : !frame.url
            ? 'other native code (V8, microtasks, strings)'
            : packageOf(frame.url);
    counts.set(category, (counts.get(category) ?? 0) + 1);
    busy += 1;
  }
  return new Map([...counts].map(([category, samples]) => [category, samples / Math.max(busy, 1)]));
}
