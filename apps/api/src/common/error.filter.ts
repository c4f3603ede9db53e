import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, type ErrorKind } from '../../../../libs/domain/src';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
  unavailable: 503,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The Chinese half of messages Nest writes itself in English (an unknown route, a rate limit). */
const REASON_ZH: Record<number, string> = {
  400: '请求有误',
  401: '未登录',
  403: '无权操作',
  404: '不存在',
  409: '状态冲突',
  413: '请求内容过大',
  415: '不支持的请求格式',
  429: '请求过于频繁',
  503: '暂不可用',
};

const bilingual = (status: number, message: string) => (/[\u4e00-\u9fff]/.test(message) ? message : `${REASON_ZH[status] ?? '请求失败'} / ${message}`);

/** Errors of the body parser (malformed JSON, too large), which reach Nest as plain errors. */
function bodyParserStatus(err: unknown): number | null {
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return 400;
  if (e?.type === 'entity.too.large') return 413;
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') return 415;
  return null;
}

/** SQLite's lock conflicts (another process writing): nothing was written, and a retry succeeds. */
function databaseBusy(err: unknown): boolean {
  const code = (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (err as { code?: string })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Every error leaves as `{statusCode, error, message}`; nothing else (no stack trace) is shown. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, message } = this.describe(err);
    if (status >= 500 && status !== 503) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    if (err instanceof AppError && err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(status).json({ statusCode: status, error: REASON[status] ?? 'Error', message });
  }

  private describe(err: unknown): { status: number; message: string | string[] } {
    if (err instanceof AppError) return { status: STATUS[err.kind], message: err.message };
    if (err instanceof HttpException) {
      const body = err.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? (body as { message: string | string[] }).message : err.message;
      const status = err.getStatus();
      return { status, message: Array.isArray(message) ? message.map((m) => bilingual(status, m)) : bilingual(status, message) };
    }
    if (databaseBusy(err)) return { status: 503, message: '数据库繁忙,请稍后重试 / the database is busy, try again' };
    const parser = bodyParserStatus(err);
    if (parser === 400) return { status: 400, message: '请求内容不是有效的 JSON / the body is not valid JSON' };
    if (parser === 413) return { status: 413, message: '请求内容过大 / the body is too large' };
    if (parser === 415) return { status: 415, message: '不支持的编码 / unsupported encoding' };
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: '服务器内部错误 / internal error' };
  }
}
