import { anyObject, arrayOf, bool, int, nullable, objectOf, str, time } from '../common/api-docs';

/** The documented shapes of the dispute routes' answers (mediation.service.ts caseView, eventView). */
export const CASE_SCHEMA = objectOf({
  caseId: str,
  villageId: str,
  title: str,
  category: str,
  summary: str,
  parties: arrayOf(anyObject),
  major: bool,
  tier: int,
  tierName: nullable(str),
  level: str,
  status: str,
  outcome: nullable(str),
  dueAt: nullable(time),
  overdue: bool,
  ladder: arrayOf(anyObject),
  registeredBy: str,
  registeredAt: time,
  updatedAt: time,
  closedAt: nullable(time),
  policyVersion: int,
});

const EVENT_SCHEMA = objectOf({ at: time, type: str, tier: nullable(int), reason: nullable(str), actorId: nullable(str), message: str, detail: anyObject });
const CASE_TASK_SCHEMA = objectOf({ id: str, kind: str, title: str, status: str, dueAt: nullable(time), completedBy: nullable(str), completedAt: nullable(time) });

export const CASE_DETAIL_SCHEMA = { allOf: [CASE_SCHEMA, objectOf({ timeline: arrayOf(EVENT_SCHEMA), tasks: arrayOf(CASE_TASK_SCHEMA) })] };
export const CASE_LIST_SCHEMA = objectOf({ items: arrayOf(CASE_SCHEMA), total: int });
export const STATS_SCHEMA = { ...objectOf({ year: nullable(int), quarter: nullable(int), villageId: nullable(str) }), additionalProperties: true };
export const RISK_RECORDED_SCHEMA = objectOf({ caseId: str, flag: str, seq: int, tier: int, escalated: bool, counselling: bool });
