import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import { ASSESSMENT_TASKS, assessmentId, checkScoreSheet, type ScoreSheet } from '../libs/domain/src';
import type { AssessmentActivities } from '../activities/assessment.activities';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';
import { quarterRecordedSignal } from './lib/assessment-messages';
import { DB_ACTIVITY } from './lib/activity-options';
import { signalIfRunning } from './lib/children';
import { toRows, townOffice } from './lib/assessment';
import type { ProcedureInput } from './lib/procedure-input';

const acts = proxyActivities<AssessmentActivities>(DB_ACTIVITY);

export interface AssessmentQuarterInput extends ProcedureInput {
  year: number;
  quarter: number;
}

/** R6: the town office scores every village for one quarter, with the indicators the system knows. */
export async function assessmentQuarter(input: AssessmentQuarterInput): Promise<{ year: number; quarter: number }> {
  const { procedureId, year, quarter, policy } = input;
  const tasks = new HumanTasks(procedureId, policy);
  const log = new ProcedureLog(procedureId);
  const title = `${year}年第${quarter}季度考核`;
  await log.create({ type: 'assessment', villageId: null, title, stage: 'scoring', startedBy: input.startedBy, policyVersion: input.policyVersion, details: { year, quarter } });
  const villages = await acts.assessmentVillages();
  const ids = villages.map((v) => v.id);
  const indicators = await acts.quarterIndicators({ year, quarter, villageIds: ids });
  const rows = villages.map((v) => {
    const ind = indicators.find((i) => i.villageId === v.id)!;
    return { ...ind, villageId: v.id, name: v.name, redBlackCompliant: ind.redEntries >= policy.redBlack.minRed && ind.blackEntries >= policy.redBlack.minBlack };
  });
  const scored = await tasks.ask<ScoreSheet>({
    step: 'scores',
    kind: ASSESSMENT_TASKS.quarterly,
    title: `${title}评分`,
    villageId: null,
    candidates: townOffice(),
    payload: { year, quarter, period: `Q${quarter}`, villages: rows, minRed: policy.redBlack.minRed, minBlack: policy.redBlack.minBlack },
    refuse: (d: ScoreSheet) => checkScoreSheet(d.scores, ids),
  });
  await acts.recordScores({ year, period: `Q${quarter}`, procedureId, recordedBy: scored.actor.userId, scores: toRows(scored.decision.scores) });
  await log.stage('done', `${title}分数已录入`, { actorId: scored.actor.userId });
  // When the year-end assessment has not started yet, it finds the scores when it does.
  await signalIfRunning(() => getExternalWorkflowHandle(assessmentId(year)).signal(quarterRecordedSignal, quarter));
  return { year, quarter };
}
