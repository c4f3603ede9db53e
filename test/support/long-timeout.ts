import { jest } from '@jest/globals';

// Suites that start servers or run whole procedures need more than jest's 5 s default.
jest.setTimeout(Number(process.env.LONG_TEST_TIMEOUT_MS ?? 180_000));
