export { startGateway } from './gateway';
export type { Gateway, GatewayDependencies, GatewaySettings } from './gateway';
export { buildGatewaySchema } from './schema';
export { printSchemaFile } from './schema-file';
