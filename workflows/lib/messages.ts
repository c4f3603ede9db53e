import { defineUpdate } from '@temporalio/workflow';
import type { CompletedTask, TaskCompletion } from '../../libs/domain/src';

/** The one Update every procedure takes its human decisions through; the API, tests and workflows share it. */
export const completeTaskUpdate = defineUpdate<CompletedTask, [TaskCompletion]>('completeTask');

/** Failure types of refused completions, which the API maps to HTTP statuses. */
export const TASK_FAILURES = {
  notOpen: 'TaskNotOpen',
  invalidDecision: 'InvalidDecision',
  expired: 'CompletionExpired',
} as const;
