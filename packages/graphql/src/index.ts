export { MAX_PAGE_SIZE, afterId, toPage } from './page';
export type { Page, PageRequest } from './page';
export { PageInfo, connectionOf, toConnection } from './connection';
export { PageInput } from './page-input';
export { loaderFor } from './loaders';
export { askedFields, askedOfNodes, asksFor } from './selection';
export { IDEMPOTENCY_KEY_ARG, IdempotencyKey } from './idempotency-key';
export { afterKeyset, keysetCursor, toKeysetPage } from './keyset';
export type { Keyset } from './keyset';
