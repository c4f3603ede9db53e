import { ProcedureActivities } from './procedure.activities';
import { TaskActivities } from './task.activities';

export { ProcedureActivities, TaskActivities };

/** Every activity class the worker hosts. */
export const ACTIVITY_CLASSES = [TaskActivities, ProcedureActivities];
