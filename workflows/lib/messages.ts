import { defineUpdate } from '@temporalio/workflow';
import { UPDATE_EXPIRED, type Actor, type CompletedTask, type TaskCompletion } from '../../libs/domain/src';

/** The one Update every procedure takes its human decisions through; the API, tests and workflows share it. */
export const completeTaskUpdate = defineUpdate<CompletedTask, [TaskCompletion]>('completeTask');

/** Failure types of refused completions, which the API maps to HTTP statuses. */
export const TASK_FAILURES = {
  notOpen: 'TaskNotOpen',
  invalidDecision: 'InvalidDecision',
  /** Another decision is recorded or being recorded; the failure's details are `[decidedBy: Actor]`. */
  decidedByOther: 'TaskDecidedByOther',
  expired: UPDATE_EXPIRED,
} as const;

export type DecidedByOtherDetails = [decidedBy: Actor];
