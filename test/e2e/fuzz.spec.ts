import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Stack } from '../../scripts/lib/stack';
import { describeResult, FUZZ_USERS, fuzzEveryUser, seedFuzzData, type UserFuzzResult } from '../support/fuzz';
import { startSystem } from '../support/system';

/**
 * Issue 9 "Floods and bad input", fuzzing: schemathesis over /api/docs-json with a user of each
 * kind and anonymously finds no 5xx and no response that breaks the document. A small budget
 * here; `make fuzz` runs the full one (all phases, coverage included).
 */
describe('API fuzzing (issue 9): no 5xx, every response as the OpenAPI document says', () => {
  let system: Stack;
  let results: UserFuzzResult[];

  beforeAll(async () => {
    system = await startSystem();
    await seedFuzzData(system.apiUrl);
    results = await fuzzEveryUser(system.apiUrl, { maxExamples: 1, phases: ['examples', 'fuzzing', 'stateful'], seed: 9 }, join(system.dataDir, 'fuzz'), { concurrency: 3 });
  });
  afterAll(async () => system?.stop());

  it('runs as every kind of user and anonymously, reaching the routes each may use', () => {
    expect(results.map((r) => r.user)).toEqual(FUZZ_USERS.map((u) => u ?? 'anonymous'));
    // Without a working token only login and the public routes (at most 5) answer 2xx.
    const enough = (r: UserFuzzResult) => r.operations >= 30 && r.reached >= (r.user === 'anonymous' ? 2 : 8);
    expect(results.filter((r) => !enough(r)).map(describeResult)).toEqual([]);
  });

  it('finds no server error and no response that breaks its schema, status code or content type', () => {
    expect(results.map(describeResult).filter((line) => !line.endsWith('findings=0'))).toEqual([]);
  });
});
