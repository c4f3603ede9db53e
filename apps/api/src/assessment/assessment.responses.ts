import { arrayOf, int, nullable, objectOf, str, time } from '../common/api-docs';

/** The documented shapes of the assessment and reward routes' answers (assessment.service.ts). */
const score = nullable({ type: 'number', minimum: 0, maximum: 100 });

export const RANKING_ROW_SCHEMA = objectOf({
  villageId: str,
  name: str,
  quarterlyScores: { ...arrayOf(score), minItems: 4, maxItems: 4 },
  annualScore: score,
  total: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
  totalExact: objectOf({ numerator: int, denominator: int }),
  missingQuarters: arrayOf({ type: 'integer', minimum: 1, maximum: 4 }),
  rank: nullable(int),
  tier: nullable(int),
  villageAwardFen: nullable(int),
  cadrePoolFen: nullable(int),
  status: { type: 'string', enum: ['confirmed', 'proposed', 'provisional'] },
});

export const REWARD_PLAN_SCHEMA = objectOf({ villageId: str, procedureId: str, stage: str });

export const PAYMENT_SCHEMA = objectOf({
  id: str,
  villageId: str,
  planId: str,
  kind: { type: 'string', enum: ['village', 'cadre'] },
  userId: nullable(str),
  name: str,
  duty: str,
  amountFen: int,
  status: { type: 'string', enum: ['approved', 'paid'] },
  paidOn: nullable(str),
  reference: nullable(str),
});

export const REDLIST_REWARD_SCHEMA = objectOf({
  entryId: str,
  villageId: str,
  year: int,
  quarter: int,
  name: str,
  form: str,
  amountFen: nullable(int),
  recordedBy: str,
  recordedAt: time,
});
