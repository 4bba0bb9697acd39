import type { RequestContext } from '@tandem/core';

/**
 * The request's instance of a loader, created on first use. Loaders live only as long as the
 * request, so their caches never cross principals.
 */
export function loaderFor<T>(ctx: RequestContext, key: string, create: () => T): T {
  let loader = ctx.loaders.get(key) as T | undefined;
  if (loader === undefined) {
    loader = create();
    ctx.loaders.set(key, loader);
  }
  return loader;
}
