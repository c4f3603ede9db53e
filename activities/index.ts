import type { Type } from '@nestjs/common';
import { ProcedureActivities } from './procedure.activities';
import { TaskActivities } from './task.activities';
import { MediationActivities } from './mediation.activities';
import { RedBlackActivities } from './red-black.activities';
import { AssessmentActivities } from './assessment.activities';

export { ProcedureActivities, TaskActivities };
export { MediationActivities };
export { RedBlackActivities };
export { AssessmentActivities };

/** The public async methods of an activity class: what a workflow may call through `proxyActivities<C>`. */
export type ActivityName<C> = { [K in keyof C]: C[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof C] & string;

/** An activity class and the names it hosts, checked against the class where `activityClass` lists them. */
export interface ActivityClass {
  cls: Type<object>;
  names: readonly string[];
}

function activityClass<C extends object>(cls: Type<C>, names: readonly NoInfer<ActivityName<C>>[]): ActivityClass {
  return { cls, names };
}

/** Every activity the worker hosts, named by class: a helper method of a class never becomes an activity. */
export const ACTIVITIES: readonly ActivityClass[] = [
  activityClass(TaskActivities, ['openTask', 'completeTask', 'remindTask', 'cancelTask', 'extendTask', 'reassignTask']),
  activityClass(ProcedureActivities, ['createProcedure', 'changeStage']),
  activityClass(MediationActivities, ['registerCase', 'recordCaseEvent']),
  activityClass(RedBlackActivities, [
    'openBallot',
    'activateBallot',
    'recordVote',
    'extendBallot',
    'closeBallot',
    'remindVoters',
    'publishNotice',
    'recordObjection',
    'takeObjections',
    'withdrawFromNotice',
    'closeNotice',
    'finalizeList',
    'mailRoles',
    'quarterContext',
    'overdueVillages',
  ]),
  activityClass(AssessmentActivities, [
    'assessmentVillages',
    'quarterIndicators',
    'recordScores',
    'correctScores',
    'yearScores',
    'periodsRecorded',
    'saveRanking',
    'villageCadres',
    'approvePayments',
    'markPaid',
    'redListEntries',
    'recordRedlistRewards',
  ]),
];

/** Every activity class the worker hosts (its Nest providers). */
export const ACTIVITY_CLASSES = ACTIVITIES.map((a) => a.cls);

/** The worker's activities, each bound to the instance `instanceOf` gives for its class; a name listed twice is refused. */
export function activityFunctions(instanceOf: <C>(cls: Type<C>) => C): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const functions: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const { cls, names } of ACTIVITIES) {
    const instance = instanceOf(cls) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of names) {
      if (name in functions) throw new Error(`activity ${name} is listed twice (${cls.name})`);
      functions[name] = instance[name].bind(instance);
    }
  }
  return functions;
}
