// RuleTester drives describe/it itself; jest provides both as globals.
const { RuleTester } = require('eslint');
const { parser } = require('typescript-eslint');
const rule = require('../eslint-rules/resolver-must-authorize.cjs');

const ruleTester = new RuleTester({
  languageOptions: { parser, ecmaVersion: 2022, sourceType: 'module' },
});

const imports = `
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Authorize, Public } from '@tandem/authz';
`;

/** A resolver class around `body`, with the usual imports. */
const resolver = (body: string): string => `${imports}
@Resolver(() => Case)
export class CaseResolver {
${body}
}
`;

const missing = (name: string) => ({ messageId: 'missingPermission', data: { name } });

ruleTester.run('resolver-must-authorize', rule, {
  valid: [
    { name: '@Authorize on a query', code: resolver(`  @Query(() => [Case]) @Authorize('read', 'Case') cases() { return []; }`) },
    { name: '@Authorize on a mutation', code: resolver(`  @Mutation(() => Case) @Authorize('update', 'Case') closeCase(@Arg('id') id: string) { return id; }`) },
    { name: '@Authorize on a field resolver', code: resolver(`  @FieldResolver(() => String) @Authorize('read', 'Case') owner(@Root() c: Case) { return c.owner; }`) },
    { name: '@Authorize on a subscription', code: resolver(`  @Subscription(() => Case, { topics: 'CASE' }) @Authorize('read', 'Case') caseChanged() { return null; }`) },
    { name: '@Public with a string reason', code: resolver(`  @Query(() => ServerInfo) @Public('load balancers check the version') serverInfo() { return null; }`) },
    { name: '@Public with a template literal reason', code: resolver('  @Query(() => ServerInfo) @Public(`no sign-in needed`) serverInfo() { return null; }') },
    { name: 'permission decorator written before the resolver decorator', code: resolver(`  @Authorize('read', 'Case')\n  @Query(() => [Case])\n  cases() { return []; }`) },
    { name: '@Public before @Query', code: resolver(`  @Public('health')\n  @Query(() => Boolean)\n  ping() { return true; }`) },
    { name: '@Authorize with a single policy argument', code: resolver(`  @Query(() => [Case]) @Authorize(canReadCases) cases() { return []; }`) },
    { name: 'methods without resolver decorators are ignored', code: resolver(`  private helper() { return 1; }\n  static build() { return new CaseResolver(); }`) },
    { name: 'other decorators on non-resolver methods are ignored', code: resolver(`  @Memoize() helper() { return 1; }`) },
    { name: 'plain classes are ignored', code: `class Plain { cases() { return []; } get count() { return 0; } }` },
    { name: 'getters are ignored', code: resolver(`  @Query(() => Number) get count() { return 0; }`) },
    { name: 'properties are ignored', code: resolver(`  @Query(() => Number) count = 0;`) },
    {
      name: 'every method of a mixed resolver declares a permission',
      code: resolver(`
  @Query(() => [Case]) @Authorize('read', 'Case') cases() { return []; }
  @Mutation(() => Case) @Authorize('create', 'Case') openCase() { return null; }
  @Query(() => Boolean) @Public('uptime probe') ping() { return true; }
  helper() { return 1; }`),
    },
  ],
  invalid: [
    { name: '@Mutation without permission', code: resolver(`  @Mutation(() => Case) closeCase(@Arg('id') id: string) { return id; }`), errors: [missing('closeCase')] },
    { name: '@FieldResolver without permission', code: resolver(`  @FieldResolver(() => String) owner(@Root() c: Case) { return c.owner; }`), errors: [missing('owner')] },
    { name: '@Subscription without permission', code: resolver(`  @Subscription(() => Case, { topics: 'CASE' }) caseChanged() { return null; }`), errors: [missing('caseChanged')] },
    {
      name: '@Query without permission: the message names the method and the fix',
      code: resolver(`  @Query(() => [Case]) cases() { return []; }`),
      errors: [{ message: "Resolver method 'cases' declares no permission: add @Authorize(action, subject) or @Public('why')", line: 7, column: 24, endColumn: 29 }],
    },
    {
      name: 'unrelated decorators do not count as a permission',
      code: resolver(`  @Query(() => [Case]) @UseMiddleware(Log) cases() { return []; }`),
      errors: [missing('cases')],
    },
    { name: '@Public() without a reason', code: resolver(`  @Query(() => Boolean) @Public() ping() { return true; }`), errors: [{ messageId: 'publicNeedsReason', data: { name: 'ping' } }] },
    { name: '@Public with an empty reason', code: resolver(`  @Query(() => Boolean) @Public('') ping() { return true; }`), errors: [{ messageId: 'publicNeedsReason' }] },
    { name: '@Public with a blank reason', code: resolver(`  @Query(() => Boolean) @Public('   ') ping() { return true; }`), errors: [{ messageId: 'publicNeedsReason' }] },
    { name: '@Public with an empty template literal', code: resolver('  @Query(() => Boolean) @Public(``) ping() { return true; }'), errors: [{ messageId: 'publicNeedsReason' }] },
    { name: '@Public with a variable reason', code: resolver(`  @Query(() => Boolean) @Public(reason) ping() { return true; }`), errors: [{ messageId: 'publicNeedsReason' }] },
    { name: '@Public with a template literal with expressions', code: resolver('  @Query(() => Boolean) @Public(`probe ${name}`) ping() { return true; }'), errors: [{ messageId: 'publicNeedsReason' }] },
    { name: '@Public with a non-string literal', code: resolver(`  @Query(() => Boolean) @Public(42) ping() { return true; }`), errors: [{ messageId: 'publicNeedsReason' }] },
    { name: 'bare @Public', code: resolver(`  @Query(() => Boolean) @Public ping() { return true; }`), errors: [{ messageId: 'publicNeedsReason', data: { name: 'ping' } }] },
    { name: '@Authorize() without arguments', code: resolver(`  @Query(() => [Case]) @Authorize() cases() { return []; }`), errors: [{ messageId: 'authorizeNeedsArguments', data: { name: 'cases' } }] },
    { name: 'bare @Authorize', code: resolver(`  @Query(() => [Case]) @Authorize cases() { return []; }`), errors: [{ messageId: 'authorizeNeedsArguments' }] },
    {
      name: 'only the method missing a permission is reported',
      code: resolver(`
  @Query(() => [Case]) @Authorize('read', 'Case') cases() { return []; }
  @Mutation(() => Case) openCase() { return null; }`),
      errors: [missing('openCase')],
    },
  ],
});
