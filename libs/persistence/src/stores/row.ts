import type { QueryDeepPartialEntity } from 'typeorm';

/** Typed row values for insert/update: TypeORM's deep-partial type cannot express JSON columns. */
export const row = <T>(values: Partial<T>): QueryDeepPartialEntity<T> => values as unknown as QueryDeepPartialEntity<T>;
