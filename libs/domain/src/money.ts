import { z } from 'zod';

/**
 * The largest amount of money the system takes, in fen (¥100,000,000,000). BIGINT columns hold it,
 * a JS number holds it exactly, and so does the sum of hundreds of such amounts.
 */
export const MAX_FEN = 10_000_000_000_000;

/** An amount in whole fen, at most MAX_FEN; callers add `.positive()` or `.nonnegative()`. */
export const fen = () =>
  z
    .number({ message: '金额必须是数字(分) / an amount must be a number of fen' })
    .int('金额必须是整数分 / an amount must be a whole number of fen')
    .max(MAX_FEN, '金额不能超过1000亿元 / an amount is at most ¥100,000,000,000');
