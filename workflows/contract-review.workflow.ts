import { CONTRACT_TASKS, candidateFor, type ContractDetails, type ContractReviewDecision, type ContractReviseDecision, type Policy } from '../libs/domain/src';
import { HumanTasks } from './lib/human-tasks';
import { ProcedureLog } from './lib/procedure-log';

export interface ContractReviewInput {
  procedureId: string;
  policy: Policy;
  policyVersion: number;
  submitter: { userId: string; username: string };
  contract: ContractDetails;
}

export interface ContractReviewResult {
  rounds: number;
  opinion: string;
}

/**
 * R11 村级合同法律顾问审核: the legal adviser reviews; a returned contract goes back to the
 * submitter for revision and round again; an approved one is signed by the secretary.
 */
export async function contractReview(input: ContractReviewInput): Promise<ContractReviewResult> {
  const { procedureId, contract } = input;
  const tasks = new HumanTasks(procedureId, input.policy);
  const log = new ProcedureLog(procedureId);
  let summary = contract.summary;
  await log.create({
    type: 'contract-review',
    villageId: contract.villageId,
    title: `合同审核:${contract.title}`,
    stage: 'review',
    startedBy: input.submitter.userId,
    policyVersion: input.policyVersion,
    details: { ...contract },
  });

  for (let round = 1; ; round++) {
    const review = await tasks.ask<ContractReviewDecision>({
      step: `review-${round}`,
      kind: CONTRACT_TASKS.review,
      title: `合同审核(第${round}轮):${contract.title}`,
      villageId: contract.villageId,
      candidates: [candidateFor('LEGAL_ADVISER', contract.villageId)],
      payload: { ...contract, summary, round },
    });
    if (review.decision.approve) {
      await log.stage('sign', `法律顾问审核通过:${review.decision.opinion}`, { actorId: review.actor.userId, details: { summary, rounds: round } });
      const signed = await tasks.ask({
        step: 'sign',
        kind: CONTRACT_TASKS.sign,
        title: `合同签订:${contract.title}`,
        villageId: contract.villageId,
        candidates: [candidateFor('SECRETARY', contract.villageId)],
        payload: { ...contract, summary, opinion: review.decision.opinion },
      });
      await log.stage('done', '合同已签订', { actorId: signed.actor.userId });
      return { rounds: round, opinion: review.decision.opinion };
    }
    await log.stage('revise', `法律顾问退回修改:${review.decision.opinion}`, { actorId: review.actor.userId });
    const revised = await tasks.ask<ContractReviseDecision>({
      step: `revise-${round}`,
      kind: CONTRACT_TASKS.revise,
      title: `合同修改:${contract.title}`,
      villageId: contract.villageId,
      candidates: [{ userId: input.submitter.userId }],
      payload: { ...contract, summary, opinion: review.decision.opinion, round },
    });
    summary = revised.decision.summary;
    await log.stage('review', `已修改,重新提交审核(第${round + 1}轮)`, { actorId: revised.actor.userId, details: { summary } });
  }
}
