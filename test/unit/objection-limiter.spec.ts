import { describe, expect, it } from '@jest/globals';
import { ObjectionLimiter } from '../../apps/api/src/red-black/objection-limiter';

describe('R5 public objections are rate-limited per address', () => {
  it('takes 10 objections from an address in 10 minutes, refuses the 11th, and takes them again after the window', () => {
    const limiter = new ObjectionLimiter();
    const t = Date.parse('2026-04-01T00:00:00Z');
    for (let i = 0; i < 10; i++) expect(limiter.take('10.0.0.1', t + i)).toBe(true);
    expect(limiter.take('10.0.0.1', t + 11)).toBe(false);
    expect(limiter.take('10.0.0.2', t + 11)).toBe(true);
    expect(limiter.take('10.0.0.1', t + 10 * 60_000 + 10)).toBe(true);
  });
});
