import { Duration } from 'luxon';

/** Milliseconds in an ISO-8601 duration (`P7D`, `PT30S`); years and months are not allowed, they have no fixed length. */
export function durationMs(iso: string): number {
  const d = Duration.fromISO(iso);
  if (!d.isValid) throw new RangeError(`not an ISO-8601 duration: ${iso}`);
  if (d.years || d.months) throw new RangeError(`duration must be in weeks, days or smaller units: ${iso}`);
  return d.as('milliseconds');
}

export function isPositiveDuration(iso: string): boolean {
  try {
    return durationMs(iso) > 0;
  } catch {
    return false;
  }
}
