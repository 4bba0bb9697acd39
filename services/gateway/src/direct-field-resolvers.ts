import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { GraphQLObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { ContainerType } from 'type-graphql';

type Metadata = ReturnType<typeof getMetadataStorage>;
type FieldResolverMetadata = Metadata['fieldResolvers'][number];
type ParamMetadata = NonNullable<FieldResolverMetadata['params']>[number];
type Pick = (root: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/**
 * Calls each @FieldResolver method directly from its field's resolve, for methods whose
 * parameters are only the context, the root, the info and scalar or enum arguments, with no
 * type-graphql middleware or validation on them. Such fields run once per row (a partner's page
 * of 100 cases asks each case's patient and latest PHQ-9), and type-graphql's generic handler,
 * on every call, built a resolver-data object, sorted the parameter list, mapped it and, for a
 * method with an argument, awaited an asynchronous validation that has nothing to validate
 * (`validate: false`, a scalar): about 2 % of the gateway's CPU on the partner sync. What the
 * method receives is unchanged, and `@Authorize` still runs: it wraps the method itself.
 * Everything else (root queries, mutations, arguments of input types) keeps type-graphql's handler.
 * Answers the fields it calls directly, as "Type.field".
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, container: ContainerType): string[] {
  const storage = getMetadataStorage();
  const called: string[] = [];
  for (const resolver of storage.fieldResolvers) {
    const objectType = storage.objectTypes.find((type) => type.target === resolver.getObjectType?.());
    const type = objectType ? schema.getType(objectType.name) : undefined;
    const field = type instanceof GraphQLObjectType ? type.getFields()[resolver.schemaName] : undefined;
    const direct = field ? directResolver(resolver, container) : null;
    if (!field || !direct) continue;
    field.resolve = direct;
    called.push(`${type?.name}.${field.name}`);
  }
  return called;
}

/** The direct call, or null when the method needs something only type-graphql's handler does. */
function directResolver(resolver: FieldResolverMetadata, container: ContainerType): GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> | null {
  if (resolver.kind !== 'external' || (resolver.middlewares?.length ?? 0) > 0 || resolver.roles !== undefined) return null;
  const picks = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index).map(pickOf);
  if (picks.some((pick) => pick === null) || picks.length > 3) return null;
  const instance = container.get(resolver.target, {} as never) as Record<string, (...params: unknown[]) => unknown>;
  const method = instance[resolver.methodName];
  if (typeof method !== 'function') return null;
  const [first, second, third] = picks as Pick[];
  // One closure per arity: no array of parameters built per call.
  if (!first) return () => method.call(instance);
  if (!second) return (root, args, context, info) => method.call(instance, first(root, args, context, info));
  if (!third) return (root, args, context, info) => method.call(instance, first(root, args, context, info), second(root, args, context, info));
  return (root, args, context, info) => method.call(instance, first(root, args, context, info), second(root, args, context, info), third(root, args, context, info));
}

/** How to get one parameter, as type-graphql's getParams would; null where it would convert or validate. */
function pickOf(param: ParamMetadata): Pick | null {
  switch (param.kind) {
    case 'context':
      return param.propertyName === undefined ? (_root, _args, context) => context : (_root, _args, context) => (context as Record<string, unknown>)[param.propertyName as string];
    case 'root':
      return param.propertyName === undefined && param.getType === undefined ? (root) => root : null;
    case 'info':
      return (_root, _args, _context, info) => info;
    case 'arg':
      return param.validateSettings === undefined && param.validateFn === undefined && isScalarOrEnum(param.getType()) ? (_root, args) => args[param.name] : null;
    default:
      return null;
  }
}

/** An enum object or a GraphQL scalar (type-graphql passes both through), or a built-in scalar's constructor. */
function isScalarOrEnum(type: unknown): boolean {
  return typeof type !== 'function' || type === String || type === Number || type === Boolean;
}
