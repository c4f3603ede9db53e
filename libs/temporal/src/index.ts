export * from './ids';
export * from './temporal-client';
export * from './temporal-client.module';
export * from './bounded-update';
export * from './workflow-bundle';
export * from './binaries';
