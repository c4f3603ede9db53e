export * from './roles';
export * from './durations';
export * from './policy';
export * from './task-timeouts';
export * from './tasks';
export * from './decisions';
export * from './contract-review';
export * from './errors';
