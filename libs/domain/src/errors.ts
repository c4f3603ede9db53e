/** Typed errors of the system; one exception filter maps each kind to an HTTP status. */
export type ErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_many' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** For `too_many`: when the caller may try again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string) => new AppError('invalid', message);
export const forbidden = (message = '无权执行此操作 / you may not do this') => new AppError('forbidden', message);
export const notFound = (message: string) => new AppError('not_found', message);
export const conflict = (message: string) => new AppError('conflict', message);
export const tooMany = (message: string, retryAfterSeconds?: number) => new AppError('too_many', message, retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(retryAfterSeconds)));
export const unavailable = (message = '工作流服务暂不可用,请稍后重试 / the workflow service is unavailable, try again shortly') => new AppError('unavailable', message);
