import { anyObject, arrayOf, bool, int, nullable, objectOf, str, time } from '../common/api-docs';

/** The documented shapes of the red/black routes' answers (red-black.service.ts). */
const CHOICE_SCHEMA = objectOf({ nomineeId: str, choice: { type: 'string', enum: ['agree', 'disagree', 'abstain'] } });

export const BALLOT_SCHEMA = objectOf(
  {
    id: str,
    procedureId: str,
    villageId: str,
    round: int,
    status: { type: 'string', enum: ['open', 'closed'] },
    openedAt: time,
    closesAt: time,
    closedAt: nullable(time),
    nominees: arrayOf(anyObject),
    eligible: bool,
    representatives: int,
    votedCount: int,
    voters: arrayOf(str),
    myVote: nullable(objectOf({ choices: arrayOf(CHOICE_SCHEMA), castAt: time })),
    result: nullable(anyObject),
  },
  ['voters'],
);

export const RECORDED_VOTE_SCHEMA = objectOf({ ballotId: str, voterId: str, choices: arrayOf(CHOICE_SCHEMA), castAt: time });

export const NOTICE_SCHEMA = objectOf({
  id: str,
  procedureId: str,
  villageId: str,
  villageName: str,
  year: int,
  quarter: int,
  status: { type: 'string', enum: ['open', 'reviewing', 'closed'] },
  acceptingObjections: bool,
  publishedAt: time,
  endsAt: time,
  entries: arrayOf(anyObject),
});

export const OBJECTION_RECEIVED_SCHEMA = objectOf({ objectionId: str, taskId: str, noticeId: str, nomineeId: str, status: { type: 'string', enum: ['received'] } });

export const LIST_ENTRY_SCHEMA = objectOf({
  id: str,
  procedureId: str,
  nomineeId: str,
  name: str,
  color: { type: 'string', enum: ['red', 'black'] },
  category: str,
  poorHousehold: bool,
  reason: str,
  villageId: str,
  year: int,
  quarter: int,
});

export const QUARTER_STATUS_SCHEMA = objectOf({
  villageId: str,
  villageName: str,
  procedureId: str,
  stage: nullable(str),
  compliant: nullable(bool),
  overdue: bool,
  updatedAt: nullable(time),
});
