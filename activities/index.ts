import { ProcedureActivities } from './procedure.activities';
import { TaskActivities } from './task.activities';
import { MediationActivities } from './mediation.activities';
import { TaskCancelActivities } from './task-cancel.activities';
import { RedBlackActivities } from './red-black.activities';
import { AssessmentActivities } from './assessment.activities';

export { ProcedureActivities, TaskActivities };
export { MediationActivities, TaskCancelActivities };
export { RedBlackActivities };
export { AssessmentActivities };

/** Every activity class the worker hosts. */
export const ACTIVITY_CLASSES = [TaskActivities, ProcedureActivities, MediationActivities, TaskCancelActivities, RedBlackActivities, AssessmentActivities];
