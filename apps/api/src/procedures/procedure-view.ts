import { anyObject, arrayOf, int, nullable, objectOf, str, time } from '../common/api-docs';

const HISTORY_ENTRY = objectOf({ at: time, type: str, message: str, actorId: nullable(str), detail: anyObject });
const PROCEDURE_TASK = objectOf({ id: str, kind: str, title: str, status: str, dueAt: nullable(time), completedBy: nullable(str), completedAt: nullable(time) });

/** GET /api/procedures/:id; a procedure whose workflow has not yet written its record has only the required fields. */
export const PROCEDURE_SCHEMA = objectOf(
  {
    procedureId: str,
    type: str,
    stage: str,
    villageId: nullable(str),
    title: str,
    policyVersion: int,
    details: anyObject,
    startedBy: str,
    createdAt: time,
    updatedAt: time,
    history: arrayOf(HISTORY_ENTRY),
    tasks: arrayOf(PROCEDURE_TASK),
  },
  ['villageId', 'title', 'policyVersion', 'details', 'startedBy', 'createdAt', 'updatedAt'],
);
