import { defineSignal } from '@temporalio/workflow';

/** Sent by a quarterly assessment to its year's assessment when its scores are recorded (the year-end also polls). */
export const quarterRecordedSignal = defineSignal<[number]>('assessmentQuarterRecorded');
