import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { MongoAbility } from '@casl/ability';
import { accessibleWhere, UnsupportedConditionError } from './rules-to-sql';
import type { ColumnMap, SqlFragment } from './rules-to-sql';

const COLUMNS: ColumnMap = {
  authorId: { column: 'p.author_id', type: 'uuid' },
  status: { column: 'p.status', type: 'text' },
  score: { column: 'p.score', type: 'int' },
  archived: { column: 'p.archived', type: 'boolean' },
  publishedAt: { column: 'p.published_at', type: 'timestamptz' },
  tagIds: { column: 'p.tag_ids', type: 'uuid', array: true },
};

const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

type Builder = AbilityBuilder<MongoAbility>;
type Define = (can: Builder['can'], cannot: Builder['cannot']) => void;

function ability(define: Define): MongoAbility {
  const builder = new AbilityBuilder<MongoAbility>(createMongoAbility);
  define(builder.can, builder.cannot);
  return builder.build();
}

/** The fragment for reading Posts under the rules `define` sets up. */
function where(define: Define, paramOffset?: number): SqlFragment {
  return accessibleWhere(ability(define), 'read', 'Post', COLUMNS, paramOffset);
}

function expectUnsupported(define: Define, message: string | RegExp): void {
  expect(() => where(define)).toThrow(UnsupportedConditionError);
  expect(() => where(define)).toThrow(message);
}

describe('accessibleWhere: combining rules', () => {
  it('denies everything when there are no rules', () => {
    expect(where(() => undefined)).toEqual({ sql: 'FALSE', params: [] });
  });

  it('ignores rules for other actions and other subjects', () => {
    const fragment = where((can) => {
      can('update', 'Post', { authorId: ALICE });
      can('read', 'Comment');
      can('read', 'Comment', { unmapped: 1 });
    });
    expect(fragment).toEqual({ sql: 'FALSE', params: [] });
  });

  it('allows everything for an unconditional can', () => {
    expect(where((can) => can('read', 'Post'))).toEqual({ sql: 'TRUE', params: [] });
  });

  it('treats manage/all as an unconditional allow', () => {
    expect(where((can) => can('manage', 'all'))).toEqual({ sql: 'TRUE', params: [] });
  });

  it('applies conditional manage/all rules to the subject', () => {
    expect(where((can) => can('manage', 'all', { authorId: ALICE }))).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });

  it('treats empty conditions as unconditional', () => {
    expect(where((can) => can('read', 'Post', {}))).toEqual({ sql: 'TRUE', params: [] });
  });

  it('renders a single equality', () => {
    expect(where((can) => can('read', 'Post', { authorId: ALICE }))).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });

  it('ANDs the fields of one rule', () => {
    expect(where((can) => can('read', 'Post', { authorId: ALICE, status: 'published' }))).toEqual({
      sql: '(p.author_id = $1::uuid AND p.status = $2::text)',
      params: [ALICE, 'published'],
    });
  });

  it('ORs two can rules, highest priority (last defined) first', () => {
    const fragment = where((can) => {
      can('read', 'Post', { authorId: ALICE });
      can('read', 'Post', { status: 'published' });
    });
    expect(fragment).toEqual({ sql: '(p.status = $1::text OR p.author_id = $2::uuid)', params: ['published', ALICE] });
  });

  it('ORs can rules given as one rule with several actions', () => {
    expect(where((can) => can(['read', 'update'], 'Post', { authorId: ALICE }))).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });

  it('subtracts a later conditional cannot from a can', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post', { authorId: ALICE });
      cannot('read', 'Post', { status: 'draft' });
    });
    expect(fragment).toEqual({ sql: '(p.author_id = $1::uuid AND p.status IS DISTINCT FROM $2::text)', params: [ALICE, 'draft'] });
  });

  it('negates a multi-field cannot with De Morgan', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post');
      cannot('read', 'Post', { status: 'draft', authorId: BOB });
    });
    expect(fragment).toEqual({ sql: '(p.status IS DISTINCT FROM $1::text OR p.author_id IS DISTINCT FROM $2::uuid)', params: ['draft', BOB] });
  });

  it('lets a later can override an earlier conditional cannot', () => {
    const fragment = where((can, cannot) => {
      cannot('read', 'Post', { status: 'draft' });
      can('read', 'Post', { authorId: ALICE });
    });
    expect(fragment).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });

  it('bounds only the can rules that a cannot outranks', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post', { authorId: ALICE });
      cannot('read', 'Post', { status: 'draft' });
      can('read', 'Post', { archived: false });
    });
    expect(fragment).toEqual({
      sql: '(p.archived = $1::boolean OR (p.author_id = $2::uuid AND p.status IS DISTINCT FROM $3::text))',
      params: [false, ALICE, 'draft'],
    });
  });

  it('ANDs several cannots onto a can', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post', { authorId: ALICE });
      cannot('read', 'Post', { status: 'draft' });
      cannot('read', 'Post', { archived: true });
    });
    expect(fragment).toEqual({
      sql: '(p.author_id = $1::uuid AND p.archived IS DISTINCT FROM $2::boolean AND p.status IS DISTINCT FROM $3::text)',
      params: [ALICE, true, 'draft'],
    });
  });

  it('turns an unconditional can plus a conditional cannot into the negated cannot', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post');
      cannot('read', 'Post', { status: 'draft' });
    });
    expect(fragment).toEqual({ sql: 'p.status IS DISTINCT FROM $1::text', params: ['draft'] });
  });

  it('keeps the conditional cans above an unconditional can bounded by the cannots', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post');
      cannot('read', 'Post', { status: 'draft' });
      can('read', 'Post', { authorId: ALICE });
    });
    expect(fragment).toEqual({ sql: '(p.author_id = $1::uuid OR p.status IS DISTINCT FROM $2::text)', params: [ALICE, 'draft'] });
  });

  it('denies everything when an unconditional cannot outranks every can', () => {
    expect(where((can, cannot) => { can('read', 'Post'); cannot('read', 'Post'); })).toEqual({ sql: 'FALSE', params: [] });
    expect(where((can, cannot) => { can('read', 'Post', { authorId: ALICE }); cannot('read', 'Post'); })).toEqual({ sql: 'FALSE', params: [] });
  });

  it('lets a later can override an earlier unconditional cannot', () => {
    const fragment = where((can, cannot) => {
      cannot('read', 'Post');
      can('read', 'Post', { authorId: ALICE });
    });
    expect(fragment).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });

  it('denies everything with only cannot rules', () => {
    expect(where((_can, cannot) => cannot('read', 'Post', { status: 'draft' }))).toEqual({ sql: 'FALSE', params: [] });
  });

  it('denies everything when a cannot has empty conditions', () => {
    expect(where((can, cannot) => { can('read', 'Post'); cannot('read', 'Post', {}); })).toEqual({ sql: 'FALSE', params: [] });
  });

  it('lets a can restricted to some fields grant the row, and ignores field-level cannots', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post', ['title'], { authorId: ALICE });
      cannot('read', 'Post', ['body']);
      cannot('read', 'Post', ['body'], { status: 'draft' });
    });
    expect(fragment).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });
});

describe('accessibleWhere: scalar columns', () => {
  const one = (conditions: Record<string, unknown>): SqlFragment => where((can) => can('read', 'Post', conditions));
  const denied = (conditions: Record<string, unknown>): SqlFragment =>
    where((can, cannot) => { can('read', 'Post'); cannot('read', 'Post', conditions); });

  it('renders $eq like the shorthand', () => {
    expect(one({ status: { $eq: 'published' } })).toEqual({ sql: 'p.status = $1::text', params: ['published'] });
  });

  it('renders eq null as IS NULL and its negation as IS NOT NULL', () => {
    expect(one({ publishedAt: null })).toEqual({ sql: 'p.published_at IS NULL', params: [] });
    expect(denied({ publishedAt: null })).toEqual({ sql: 'p.published_at IS NOT NULL', params: [] });
  });

  it('renders ne as IS DISTINCT FROM, so NULL columns count as not equal', () => {
    expect(one({ status: { $ne: 'draft' } })).toEqual({ sql: 'p.status IS DISTINCT FROM $1::text', params: ['draft'] });
  });

  it('renders ne null as IS NOT NULL', () => {
    expect(one({ publishedAt: { $ne: null } })).toEqual({ sql: 'p.published_at IS NOT NULL', params: [] });
  });

  it('renders a cannot with ne as plain equality', () => {
    expect(denied({ status: { $ne: 'draft' } })).toEqual({ sql: 'p.status = $1::text', params: ['draft'] });
    expect(denied({ publishedAt: { $ne: null } })).toEqual({ sql: 'p.published_at IS NULL', params: [] });
  });

  it('renders booleans and numbers as typed params', () => {
    expect(one({ archived: false, score: 0 })).toEqual({ sql: '(p.archived = $1::boolean AND p.score = $2::int)', params: [false, 0] });
  });

  it('passes Dates through as they are', () => {
    const since = new Date('2024-01-01T00:00:00Z');
    const fragment = one({ publishedAt: { $gte: since } });
    expect(fragment.sql).toBe('p.published_at >= $1::timestamptz');
    expect(fragment.params[0]).toBe(since);
  });

  it('renders in as = ANY of an array param', () => {
    expect(one({ status: { $in: ['draft', 'review'] } })).toEqual({ sql: 'p.status = ANY($1::text[])', params: [['draft', 'review']] });
  });

  it('renders an empty in, which matches nothing', () => {
    expect(one({ status: { $in: [] } })).toEqual({ sql: 'p.status = ANY($1::text[])', params: [[]] });
  });

  it('turns a null in an in-list into IS NULL', () => {
    expect(one({ status: { $in: ['draft', null] } })).toEqual({ sql: '(p.status IS NULL OR p.status = ANY($1::text[]))', params: [['draft']] });
    expect(one({ status: { $in: [null] } })).toEqual({ sql: '(p.status IS NULL OR p.status = ANY($1::text[]))', params: [[]] });
  });

  it('renders nin so that NULL columns are not in the list', () => {
    expect(one({ status: { $nin: ['draft', 'review'] } })).toEqual({ sql: 'NOT COALESCE(p.status = ANY($1::text[]), FALSE)', params: [['draft', 'review']] });
  });

  it('renders nin with a null so that NULL columns are excluded', () => {
    expect(one({ status: { $nin: ['draft', null] } })).toEqual({
      sql: 'NOT COALESCE((p.status IS NULL OR p.status = ANY($1::text[])), FALSE)',
      params: [['draft']],
    });
  });

  it('renders a cannot with in as nin, and a cannot with nin as in', () => {
    expect(denied({ status: { $in: ['draft'] } })).toEqual({ sql: 'NOT COALESCE(p.status = ANY($1::text[]), FALSE)', params: [['draft']] });
    expect(denied({ status: { $nin: ['draft'] } })).toEqual({ sql: 'p.status = ANY($1::text[])', params: [['draft']] });
  });

  it.each([
    ['$lt', '<', '(p.score IS NULL OR p.score >= $1::int)'],
    ['$lte', '<=', '(p.score IS NULL OR p.score > $1::int)'],
    ['$gt', '>', '(p.score IS NULL OR p.score <= $1::int)'],
    ['$gte', '>=', '(p.score IS NULL OR p.score < $1::int)'],
  ])('renders %s as %s and its negation including NULL', (operator, sqlOperator, negatedSql) => {
    expect(one({ score: { [operator]: 5 } })).toEqual({ sql: `p.score ${sqlOperator} $1::int`, params: [5] });
    expect(denied({ score: { [operator]: 5 } })).toEqual({ sql: negatedSql, params: [5] });
  });

  it('ANDs several operators on one field', () => {
    expect(one({ score: { $gte: 1, $lt: 10 } })).toEqual({ sql: '(p.score >= $1::int AND p.score < $2::int)', params: [1, 10] });
  });

  it('never inlines values into the SQL', () => {
    const hostile = "x' OR 1=1 --";
    const fragment = one({ status: hostile, score: { $in: [1, 2] } });
    expect(fragment.sql).toBe('(p.status = $1::text AND p.score = ANY($2::int[]))');
    expect(fragment.params).toEqual([hostile, [1, 2]]);
  });
});

describe('accessibleWhere: array columns', () => {
  const one = (conditions: Record<string, unknown>): SqlFragment => where((can) => can('read', 'Post', conditions));
  const denied = (conditions: Record<string, unknown>): SqlFragment =>
    where((can, cannot) => { can('read', 'Post'); cannot('read', 'Post', conditions); });

  it('renders eq as "contains"', () => {
    expect(one({ tagIds: ALICE })).toEqual({ sql: '$1::uuid = ANY(p.tag_ids)', params: [ALICE] });
  });

  it('renders in as overlap', () => {
    expect(one({ tagIds: { $in: [ALICE, BOB] } })).toEqual({ sql: 'p.tag_ids && $1::uuid[]', params: [[ALICE, BOB]] });
  });

  it('renders ne as "does not contain", true for NULL arrays and NULL elements', () => {
    expect(one({ tagIds: { $ne: ALICE } })).toEqual({ sql: 'NOT COALESCE($1::uuid = ANY(p.tag_ids), FALSE)', params: [ALICE] });
  });

  it('renders nin as "no overlap", true for NULL arrays', () => {
    expect(one({ tagIds: { $nin: [ALICE, BOB] } })).toEqual({ sql: 'NOT COALESCE(p.tag_ids && $1::uuid[], FALSE)', params: [[ALICE, BOB]] });
  });

  it('renders cannots as the complements', () => {
    expect(denied({ tagIds: ALICE })).toEqual({ sql: 'NOT COALESCE($1::uuid = ANY(p.tag_ids), FALSE)', params: [ALICE] });
    expect(denied({ tagIds: { $nin: [ALICE] } })).toEqual({ sql: 'p.tag_ids && $1::uuid[]', params: [[ALICE]] });
  });

  it.each(['$lt', '$lte', '$gt', '$gte'])('rejects %s', (operator) => {
    expectUnsupported((can) => can('read', 'Post', { tagIds: { [operator]: ALICE } }), `"${operator.slice(1)}" on field "tagIds"`);
  });

  it('rejects null, which mongo would also match against null elements', () => {
    expectUnsupported((can) => can('read', 'Post', { tagIds: null }), 'p.tag_ids');
    expectUnsupported((can) => can('read', 'Post', { tagIds: { $in: [ALICE, null] } }), 'p.tag_ids');
    expectUnsupported((can) => can('read', 'Post', { tagIds: { $nin: [null] } }), 'p.tag_ids');
  });
});

describe('accessibleWhere: compound conditions', () => {
  it('nests and/or/not from several rules and fields, parenthesised', () => {
    const fragment = where((can, cannot) => {
      can('read', 'Post', { authorId: ALICE });
      can('read', 'Post', { status: 'published', tagIds: { $in: [BOB] } });
      cannot('read', 'Post', { archived: true, score: { $lt: 0 } });
    });
    expect(fragment).toEqual({
      sql:
        '((p.status = $1::text AND p.tag_ids && $2::uuid[] AND (p.archived IS DISTINCT FROM $3::boolean OR (p.score IS NULL OR p.score >= $4::int)))' +
        ' OR (p.author_id = $5::uuid AND (p.archived IS DISTINCT FROM $6::boolean OR (p.score IS NULL OR p.score >= $7::int))))',
      params: ['published', [BOB], true, 0, ALICE, true, 0],
    });
  });
});

describe('accessibleWhere: paramOffset', () => {
  const define: Define = (can, cannot) => {
    can('read', 'Post', { authorId: ALICE });
    cannot('read', 'Post', { status: { $in: ['draft'] } });
  };

  it('numbers from $1 by default', () => {
    expect(where(define).sql).toBe('(p.author_id = $1::uuid AND NOT COALESCE(p.status = ANY($2::text[]), FALSE))');
  });

  it('numbers from $<offset + 1>', () => {
    expect(where(define, 3)).toEqual({ sql: '(p.author_id = $4::uuid AND NOT COALESCE(p.status = ANY($5::text[]), FALSE))', params: [ALICE, ['draft']] });
  });

  it('needs no params for TRUE and FALSE', () => {
    expect(where((can) => can('read', 'Post'), 7)).toEqual({ sql: 'TRUE', params: [] });
    expect(where(() => undefined, 7)).toEqual({ sql: 'FALSE', params: [] });
  });

  it.each([-1, 1.5, Number.NaN])('rejects %p', (offset) => {
    expect(() => where(define, offset)).toThrow(RangeError);
  });
});

describe('accessibleWhere: failing closed', () => {
  it('rejects a field with no column, naming it', () => {
    expectUnsupported((can) => can('read', 'Post', { secretFlag: true }), 'Condition field "secretFlag" has no column mapping');
  });

  it('rejects an unmapped field in a cannot, which must never be dropped', () => {
    expectUnsupported((can, cannot) => { can('read', 'Post'); cannot('read', 'Post', { secretFlag: true }); }, '"secretFlag"');
  });

  it("throws for Object.prototype names as fields (CASL's parser already rejects them)", () => {
    expect(() => where((can) => can('read', 'Post', { constructor: 'x' }))).toThrow('"constructor"');
    expect(() => where((can) => can('read', 'Post', { toString: 'x' }))).toThrow('"toString"');
  });

  it('rejects dotted paths that are not mapped', () => {
    expectUnsupported((can) => can('read', 'Post', { 'author.id': ALICE }), '"author.id"');
  });

  it('rejects top-level $or, which CASL parses as a field named "$or"', () => {
    expectUnsupported((can) => can('read', 'Post', { $or: [{ authorId: ALICE }] }), '"$or"');
  });

  it.each<[string, Record<string, unknown>]>([
    ['regex', { status: { $regex: '^dr' } }],
    ['all', { tagIds: { $all: [ALICE] } }],
    ['size', { tagIds: { $size: 2 } }],
    ['elemMatch', { tagIds: { $elemMatch: { $eq: ALICE } } }],
    ['exists', { publishedAt: { $exists: true } }],
  ])('rejects the %s operator, naming it and the field', (operator, conditions) => {
    const field = Object.keys(conditions)[0];
    expectUnsupported((can) => can('read', 'Post', conditions), `Unsupported condition operator "${operator}" on field "${field}"`);
  });

  it('rejects values with no exact SQL meaning', () => {
    expectUnsupported((can) => can('read', 'Post', { status: { nested: 1 } }), 'Unsupported value for operator "eq" on field "status"');
    expectUnsupported((can) => can('read', 'Post', { status: ['a', 'b'] }), 'Unsupported value for operator "eq"');
    expectUnsupported((can) => can('read', 'Post', { status: { $in: [{ a: 1 }] } }), 'Unsupported value for operator "in"');
    expectUnsupported((can) => can('read', 'Post', { status: { $nin: [['a']] } }), 'Unsupported value for operator "nin"');
  });

  it("throws for comparisons with null (CASL's parser already rejects them)", () => {
    expect(() => where((can) => can('read', 'Post', { score: { $lt: null } }))).toThrow('comparable');
  });

  it('is an Error with its own name', () => {
    const error = new UnsupportedConditionError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UnsupportedConditionError');
  });

  it('ignores unsupported conditions in rules for other actions and subjects', () => {
    const fragment = where((can) => {
      can('read', 'Post', { authorId: ALICE });
      can('update', 'Post', { secretFlag: true });
      can('read', 'Comment', { body: { $regex: 'x' } });
    });
    expect(fragment).toEqual({ sql: 'p.author_id = $1::uuid', params: [ALICE] });
  });
});
