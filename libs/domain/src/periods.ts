import { DateTime } from 'luxon';
import { z } from 'zod';

/** Years and quarters as requests name them: the procedures run from 2000 to 2100, in quarters 1–4. */
export const yearSchema = z.number().int().min(2000).max(2100);
export const quarterSchema = z.number().int().min(1).max(4);
export const villageIdSchema = z.string().min(1).max(32);

/** A village's quarter: what starts its red/black list or records its red list's rewards. */
export const villageQuarterSchema = z.object({ villageId: villageIdSchema, year: yearSchema, quarter: quarterSchema }).strict();

/** [from, to) of a quarter (1–4) or, without a quarter, of a year, in the town's time zone. */
export function periodRange(year: number, quarter: number | undefined, timeZone: string): { from: Date; to: Date } {
  const start = DateTime.fromObject({ year, month: quarter ? (quarter - 1) * 3 + 1 : 1, day: 1 }, { zone: timeZone });
  const end = start.plus(quarter ? { months: 3 } : { years: 1 });
  return { from: start.toJSDate(), to: end.toJSDate() };
}

/** The quarter (1–4) and year an instant falls in, in a time zone. */
export function quarterOf(epochMs: number, timeZone: string): { year: number; quarter: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(new Date(epochMs));
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}
