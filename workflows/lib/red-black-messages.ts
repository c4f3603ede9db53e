import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { UPDATE_EXPIRED, type Actor, type VoteChoices } from '../../libs/domain/src';

/** R4: a representative casts or changes their vote on an open ballot. */
export interface CastVote {
  ballotId: string;
  voter: Actor;
  choices: VoteChoices;
  /** The API stops waiting after this instant; a vote reaching the workflow later is refused. */
  expiresAt: string;
}

export interface RecordedVote {
  ballotId: string;
  voterId: string;
  choices: VoteChoices;
  castAt: string;
}

/** R5: an objection from anyone against a nominee on the public notice. */
export interface FileObjection {
  noticeId: string;
  objectionId: string;
  name: string;
  contact: string;
  nomineeId: string;
  reason: string;
  expiresAt: string;
}

export interface FiledObjection {
  objectionId: string;
  taskId: string;
  noticeId: string;
  nomineeId: string;
}

export const castVoteUpdate = defineUpdate<RecordedVote, [CastVote]>('castVote');
export const fileObjectionUpdate = defineUpdate<FiledObjection, [FileObjection]>('fileObjection');
/** The procedure's current state as the workflow holds it. */
export const redBlackStateQuery = defineQuery<Record<string, unknown>>('redBlackState');

/** Failure types of refused votes and objections, which the API maps to HTTP statuses. */
export const REDBLACK_FAILURES = {
  ballotClosed: 'BallotClosed',
  notEligible: 'NotEligible',
  invalidChoices: 'InvalidChoices',
  noticeClosed: 'NoticeClosed',
  invalidObjection: 'InvalidObjection',
  tooManyChanges: 'TooManyVoteChanges',
  expired: UPDATE_EXPIRED,
} as const;
