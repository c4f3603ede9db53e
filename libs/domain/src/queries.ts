import { z } from 'zod';
import { DISPUTE_STATUSES } from './mediation';

/** A whole number in a query string (the string `"12"`), documented as the integer it stands for. */
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined });

const year = () => int(2000, 2100);
const quarter = () => int(1, 4);
const villageId = z.string().max(32);

/** Every query string by its route's name: the API parses with them and documents them. */
export const QUERY_SCHEMAS = {
  inbox: z
    .object({
      status: z.enum(['open', 'done']).optional(),
      kind: z.string().regex(/^[a-z_]+\.[a-z_]+$/).optional(),
      villageId: villageId.optional(),
      page: int(1, 100_000).optional(),
      pageSize: int(1, 100).optional(),
    })
    .strict(),
  ballots: z.object({ status: z.enum(['open', 'closed']).optional() }).strict(),
  lists: z.object({ villageId: villageId.optional(), year: year().optional(), quarter: quarter().optional(), color: z.enum(['red', 'black']).optional() }).strict(),
  quarterStatus: z.object({ year: year(), quarter: quarter() }).strict(),
  disputes: z
    .object({
      villageId: villageId.min(1).optional(),
      status: z.enum(DISPUTE_STATUSES).optional(),
      tier: int(1, 50).optional(),
      page: int(1, 100_000).optional(),
      pageSize: int(1, 200).optional(),
    })
    .strict(),
  disputeStats: z
    .object({ year: year().optional(), quarter: quarter().describe('needs a year').optional(), villageId: villageId.min(1).optional() })
    .strict()
    .refine((q) => q.quarter === undefined || q.year !== undefined, { message: 'quarter needs a year', path: ['quarter'] }),
};

export type QueryShape = keyof typeof QUERY_SCHEMAS;
export type QueryOf<S extends QueryShape> = z.infer<(typeof QUERY_SCHEMAS)[S]>;
