export * from './ids';
export * from './temporal-client.module';
export * from './workflow-bundle';
export * from './binaries';
