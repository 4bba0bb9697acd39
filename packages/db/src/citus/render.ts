import type { RunQuery } from '../schema-check';
import { readCatalogue } from './catalogue';
import { DISTRIBUTION_COLUMN, GLOBAL_PLACEMENTS } from './placement';
import { planDistribution } from './plan';
import type { DistributionPlan } from './plan';

/** Where the generated script is committed, from the repository root. */
export const DISTRIBUTION_SCRIPT_PATH = 'infra/citus/distribute.sql';

/** Reads the migrated schema through `run` and returns distribute.sql's text. */
export async function generateDistributionScript(run: RunQuery): Promise<string> {
  return renderDistributionScript(planDistribution(await readCatalogue(run)));
}

export function renderDistributionScript(plan: DistributionPlan): string {
  return [...header(plan), ...settings(plan), ...referenceTables(plan), ...distributedTables(plan), 'COMMIT;', ''].join('\n');
}

function header(plan: DistributionPlan): string[] {
  return [
    `-- ${DISTRIBUTION_SCRIPT_PATH}: GENERATED from the migrated schema's catalogue by \`pnpm citus:write\``,
    '-- (packages/db/src/citus). Do not edit it by hand: packages/testing/test/citus-distribution.int.test.ts',
    '-- fails when it differs from what the generator makes of the current migrations.',
    '--',
    '-- Run once on the Citus coordinator, as the owner role, after `pnpm tandem db migrate`:',
    '--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f infra/citus/distribute.sql',
    '-- docs/operations.md, "Citus (scaling out by tenant)", says what else changes on Citus.',
    '--',
    '-- Left as plain tables on the coordinator:',
    ...plan.coordinator.flatMap(({ table, why }) => wrapped([`${table}: ${why}`], '--   ', ' ')),
    ...blockers(plan),
    '',
    'BEGIN;',
  ];
}

function blockers(plan: DistributionPlan): string[] {
  if (plan.blockers.length === 0) return [];
  return [
    '--',
    '-- KNOWN BLOCKERS: Citus will refuse this script until these are fixed (docs/operations.md):',
    ...plan.blockers.flatMap(({ subject, why }) => wrapped([`${subject}: ${why}`], '--   ', ' ')),
  ];
}

function settings(plan: DistributionPlan): string[] {
  const lines = [
    '-- Citus distributes a table with a foreign key to a reference table created in the same',
    '-- transaction only in sequential mode.',
    "SET LOCAL citus.multi_shard_modify_mode TO 'sequential';",
  ];
  if (plan.triggered.length === 0) return [...lines, ''];
  return [
    ...lines,
    '-- Citus refuses to distribute tables with triggers unless told to. Tandem\'s triggers (the audit',
    '-- write triggers, the append-only guard) may touch only rows of the same clinic, which live in',
    '-- co-located shards (docs/operations.md). Tables with triggers:',
    ...wrapped(plan.triggered, '--   '),
    'SET LOCAL citus.enable_unsafe_triggers TO on;',
    '',
  ];
}

function referenceTables(plan: DistributionPlan): string[] {
  return [
    '-- Global catalogues: one copy on every node.',
    ...plan.reference.map((table) => `SELECT create_reference_table('${table}'); -- ${GLOBAL_PLACEMENTS[table]?.why ?? ''}`),
    '',
  ];
}

function distributedTables(plan: DistributionPlan): string[] {
  return [
    `-- Tenant-owned tables: sharded by ${DISTRIBUTION_COLUMN}, all co-located with ${plan.anchor}, each after the tables it references.`,
    ...plan.distributed.map((table) => {
      const colocate = table === plan.anchor ? 'none' : plan.anchor;
      return `SELECT create_distributed_table('${table}', '${DISTRIBUTION_COLUMN}', colocate_with => '${colocate}');`;
    }),
    '',
  ];
}

/**
 * `items` joined by `separator` (a list: ', '; words of a sentence: ' '), on lines of at most
 * ~100 characters each starting with `prefix`; a list ends with a full stop.
 */
function wrapped(items: readonly string[], prefix: string, separator = ', '): string[] {
  const words = separator === ' ' ? items.flatMap((item) => item.split(' ')) : items;
  const glue = separator.trimEnd();
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line}${separator}${word}`;
    if (prefix.length + next.length > 100 && line !== '') {
      lines.push(`${prefix}${line}${glue}`);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(`${prefix}${line}${separator === ', ' ? '.' : ''}`);
  return lines;
}
