import { z } from 'zod';
import { DISPUTE_STATUSES, invalid } from '../../../../libs/domain/src';

const int = (min: number, max: number) => z.string().regex(/^\d{1,6}$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

export const disputeListQuery = z
  .object({
    villageId: z.string().min(1).max(32).optional(),
    status: z.enum(DISPUTE_STATUSES).optional(),
    tier: int(1, 50).optional(),
    page: int(1, 100_000).optional(),
    pageSize: int(1, 200).optional(),
  })
  .strict();

export const disputeStatsQuery = z
  .object({
    year: int(2000, 2100).optional(),
    quarter: int(1, 4).optional(),
    villageId: z.string().min(1).max(32).optional(),
  })
  .strict()
  .refine((q) => q.quarter === undefined || q.year !== undefined, { message: 'quarter needs a year', path: ['quarter'] });

/** Parses a request part with a zod schema; a mismatch is a 400 that names the fields. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw invalid(`请求参数有误 / invalid request: ${r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`);
}
