import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
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

/**
 * R5: an objection from anyone against a nominee on the public notice, as the retired Update took
 * it. Objections are rows now (the API stores them, the workflow takes them in batches); runs whose
 * notice opened before keep the handler, new ones refuse it.
 */
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

/** An objection as the workflow takes it from the objection table. */
export interface TakenObjection {
  objectionId: string;
  nomineeId: string;
  name: string;
  contact: string;
  reason: string;
}

export const castVoteUpdate = defineUpdate<RecordedVote, [CastVote]>('castVote');
export const fileObjectionUpdate = defineUpdate<FiledObjection, [FileObjection]>('fileObjection');
/**
 * Sent by the API, without payload and best effort, after it stored an objection: the workflow
 * takes the new rows soon (debounced). A lost signal loses nothing: the notice's end takes them too.
 */
export const objectionsFiledSignal = defineSignal('objectionsFiled');
/** The procedure's current state as the workflow holds it. */
export const redBlackStateQuery = defineQuery<Record<string, unknown>>('redBlackState');

/** Failure types of refused votes and objections, which the API maps to HTTP statuses. */
export const REDBLACK_FAILURES = {
  ballotClosed: 'BallotClosed',
  notEligible: 'NotEligible',
  invalidChoices: 'InvalidChoices',
  noticeClosed: 'NoticeClosed',
  invalidObjection: 'InvalidObjection',
  objectionUpdateRetired: 'ObjectionUpdateRetired',
  tooManyChanges: 'TooManyVoteChanges',
  expired: UPDATE_EXPIRED,
} as const;
