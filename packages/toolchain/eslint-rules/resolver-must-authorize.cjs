// Deny by default: every type-graphql resolver method (@Query, @Mutation, @FieldResolver,
// @Subscription) must also declare its permission, either @Authorize(...) or @Public('why').
'use strict';

const RESOLVER_DECORATORS = new Set(['Query', 'Mutation', 'FieldResolver', 'Subscription']);

/** The name a decorator is written with: `@Query(...)`, `@Query`, `@tg.Query(...)` all give 'Query'. */
function decoratorName(decorator) {
  let expr = decorator.expression;
  if (expr.type === 'CallExpression') expr = expr.callee;
  if (expr.type === 'Identifier') return expr.name;
  if (expr.type === 'MemberExpression' && !expr.computed && expr.property.type === 'Identifier') return expr.property.name;
  return null;
}

/** The call's arguments, or null when the decorator is written without a call (`@Public`). */
function decoratorArguments(decorator) {
  return decorator.expression.type === 'CallExpression' ? decorator.expression.arguments : null;
}

/** A reason is a non-blank string literal or a template literal without expressions. */
function isReason(node) {
  if (!node) return false;
  if (node.type === 'Literal') return typeof node.value === 'string' && node.value.trim() !== '';
  if (node.type === 'TemplateLiteral') {
    return node.expressions.length === 0 && node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('').trim() !== '';
  }
  return false;
}

function methodName(node, sourceCode) {
  const { key } = node;
  if (!node.computed) {
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'PrivateIdentifier') return `#${key.name}`;
    if (key.type === 'Literal') return String(key.value);
  }
  return sourceCode.getText(key);
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every type-graphql resolver method to declare @Authorize(...) or @Public(reason)',
    },
    schema: [],
    messages: {
      missingPermission: "Resolver method '{{name}}' declares no permission: add @Authorize(action, subject) or @Public('why')",
      publicNeedsReason: "@Public on resolver method '{{name}}' needs a reason: a non-empty string literal, e.g. @Public('health checks')",
      authorizeNeedsArguments: "@Authorize on resolver method '{{name}}' declares no permission: pass at least one argument, e.g. @Authorize(action, subject)",
    },
  },

  create(context) {
    const sourceCode = context.sourceCode;

    return {
      MethodDefinition(node) {
        if (node.kind !== 'method') return; // getters, setters and constructors are not resolvers
        const decorators = node.decorators ?? [];
        if (!decorators.some((d) => RESOLVER_DECORATORS.has(decoratorName(d)))) return;

        const name = methodName(node, sourceCode);
        let declared = false;
        for (const decorator of decorators) {
          const kind = decoratorName(decorator);
          if (kind !== 'Public' && kind !== 'Authorize') continue;
          declared = true;
          const args = decoratorArguments(decorator);
          if (kind === 'Public' && !(args && isReason(args[0]))) {
            context.report({ node: decorator, messageId: 'publicNeedsReason', data: { name } });
          }
          if (kind === 'Authorize' && !(args && args.length > 0)) {
            context.report({ node: decorator, messageId: 'authorizeNeedsArguments', data: { name } });
          }
        }
        if (!declared) context.report({ node: node.key, messageId: 'missingPermission', data: { name } });
      },
    };
  },
};
