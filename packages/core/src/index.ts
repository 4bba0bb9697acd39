export * from './errors';
export * from './ids';
export * from './clock';
export * from './principal';
export * from './logger';
export * from './request-context';
export * from './config';
export * from './process-lifecycle';
