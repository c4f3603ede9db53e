import { DEFAULT_POLICY, tallyBallot, type Policy } from '../../libs/domain/src';
import type { Actors } from './actors';
import type { Check } from './check';
import { slate } from '../support/slates';

export const VILLAGES = Array.from({ length: DEFAULT_POLICY.villageCount }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
export const REPRESENTATIVES = 15;
const rep = (v: string, n: number) => `rep.${v}.${String(n).padStart(2, '0')}`;

/** One procedure of the run: started before the faults, driven by its users through them, checked after. */
export interface ChaosProcedure {
  kind: ProcedureKind;
  id: string;
  drive(): Promise<void>;
  verify(check: Check): Promise<void>;
}

export type ProcedureKind = 'contract-review' | 'red-black' | 'mediation' | 'assessment';

/** Everyone who acts in the run's procedures. */
export function chaosUsers(): string[] {
  return [
    'admin',
    'town.office',
    ...VILLAGES.flatMap((v) => [`secretary.${v}`, `mediator.${v}`, `legal.${v}`, `council.${v}.1`, `committee.${v}.1`, ...Array.from({ length: REPRESENTATIVES }, (_, i) => rep(v, i + 1))]),
  ];
}

const enc = encodeURIComponent;

/** Starts a procedure; `ownId` is its business id when it has one, so a 409 after an unanswered attempt is our own start. */
async function started(actors: Actors, user: string, what: string, path: string, body: unknown, ownId?: string): Promise<any> {
  let attempts = 0;
  const res = await actors.answered(what, () => {
    attempts++;
    return actors.as(user).post(path, body);
  });
  if (res.status === 201) return res.body;
  if (res.status === 409 && ownId && attempts > 1) return { procedureId: ownId };
  throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** R11: returned `rounds − 1` times, then approved and signed. */
export async function startContractReview(actors: Actors, i: number): Promise<ChaosProcedure> {
  const v = VILLAGES[i % VILLAGES.length];
  const secretary = `secretary.${v}`;
  const legal = `legal.${v}`;
  const rounds = 1 + (i % 2);
  const { procedureId: id } = await started(actors, secretary, `contract review ${i}`, '/api/procedures/contract-review', { villageId: v, title: `混沌合同${i}`, counterparty: '某合作社', amountFen: 100_000 + i, summary: '第1稿' });
  return {
    kind: 'contract-review',
    id,
    async drive() {
      for (let r = 1; r <= rounds; r++) {
        const approve = r === rounds;
        await actors.decide(legal, id, `${id}/review-${r}`, { approve, opinion: approve ? `同意(第${r}轮)` : `请修改(第${r}轮)` });
        if (!approve) await actors.decide(secretary, id, `${id}/revise-${r}`, { summary: `第${r + 1}稿` });
      }
      await actors.decide(secretary, id, `${id}/sign`, { signed: true });
    },
    async verify(check) {
      const view = await check.view(secretary, `/api/procedures/${enc(id)}`);
      await check.decisions(id, view.tasks);
      if (!(await check.completed(id))) return;
      const result = await check.temporal.workflow.getHandle(id).result();
      if (view.stage !== 'done') check.mismatch(id, `stage ${view.stage}`);
      if (result.rounds !== rounds) check.mismatch(id, `${result.rounds} rounds, ${rounds} acknowledged`);
      const kinds = view.tasks.map((t: any) => `${t.kind}:${t.status}`).sort();
      const want = [...Array(rounds).fill('contract.review:done'), ...Array(rounds - 1).fill('contract.revise:done'), 'contract.sign:done'].sort();
      if (JSON.stringify(kinds) !== JSON.stringify(want)) check.mismatch(id, `tasks ${kinds.join(' ')}`);
    },
  };
}

const SLATE = slate({ red: 4, names: 'numbered' });
/** The nominee the representatives split on: `disagreeing` of them vote against, so some lists keep it and some do not. */
const CONTESTED = '红四';

/** R1–R5 for one village and quarter, through the ballot of its 15 representatives, the notice, the black follow-ups and the R9 reward it starts. */
export async function startRedBlack(actors: Actors, i: number, firstYear: number, rules: Policy['redBlack']): Promise<ChaosProcedure> {
  const v = VILLAGES[i % VILLAGES.length];
  const slot = Math.floor(i / VILLAGES.length);
  const year = firstYear + Math.floor(slot / 4);
  const quarter = (slot % 4) + 1;
  const secretary = `secretary.${v}`;
  const disagreeing = 5 + (i % 6);
  const { procedureId: id } = await started(actors, secretary, `red/black ${v} ${year}Q${quarter}`, '/api/procedures/red-black', { villageId: v, year, quarter }, `redblack/${v}/${year}Q${quarter}`);
  const ballotId = `${id}/ballot-1`;
  const rewardId = `redlist-reward/${v}/${year}Q${quarter}`;
  const choose = (n: number) => (ballot: any) =>
    ballot.nominees.map((x: any) => ({ nomineeId: x.nomineeId, choice: x.name === CONTESTED && n <= disagreeing ? 'disagree' : n === REPRESENTATIVES ? 'abstain' : 'agree' }));
  return {
    kind: 'red-black',
    id,
    async drive() {
      await actors.decide(`council.${v}.1`, id, `${id}/nominate`, SLATE);
      const discuss = await actors.task(`committee.${v}.1`, `${id}/discuss`);
      await actors.decide(`committee.${v}.1`, id, `${id}/discuss`, { decisions: discuss.payload.nominees.map((n: any) => ({ nomineeId: n.nomineeId, approve: true })), minutes: '两委会议讨论通过' });
      await Promise.all(Array.from({ length: REPRESENTATIVES }, (_, n) => actors.vote(rep(v, n + 1), id, ballotId, choose(n + 1))));
      const final = await actors.whenThere(`${id} final`, () => actors.as(secretary).procedure(id), (p) => p.stage === 'final');
      const black = final.nominees.filter((n: any) => n.fate === 'listed' && n.color === 'black');
      await Promise.all(black.map((n: any) => actors.decide(secretary, id, `${id}/followup-${n.nomineeId}`, { handling: '按村规民约批评教育' })));
      const reward = await actors.task(secretary, `${rewardId}/reward`);
      await actors.decide(secretary, rewardId, `${rewardId}/reward`, { rewards: reward.payload.entries.map((e: any) => ({ entryId: e.entryId, form: '表彰' })) });
    },
    async verify(check) {
      const view = await check.view(secretary, `/api/procedures/${enc(id)}`);
      await check.decisions(id, view.tasks);
      const ballot = view.ballots?.find((b: any) => b.id === ballotId);
      const stored = await check.votes(ballotId, ballot?.result);
      const rewardView = await check.view(secretary, `/api/procedures/${enc(rewardId)}`).catch(() => null);
      if (rewardView) await check.decisions(rewardId, rewardView.tasks);
      if (!(await check.completed(id))) return;
      // What the acknowledged votes imply, by the rules the procedure runs under (DESIGN R4).
      // Every nominee was approved by the committee; the stored votes decide (R4, under the run's policy).
      const implied = tallyBallot(view.nominees.map((n: any) => n.nomineeId), stored, REPRESENTATIVES, rules);
      const listed = implied.nominees.filter((n) => n.passed).map((n) => n.nomineeId).sort();
      const fates = view.nominees.filter((n: any) => n.fate === 'listed').map((n: any) => n.nomineeId).sort();
      if (view.stage !== 'final') check.mismatch(id, `stage ${view.stage}`);
      if (JSON.stringify(fates) !== JSON.stringify(listed)) check.mismatch(id, `listed ${fates.join(',')}, the votes imply ${listed.join(',')}`);
      const lists = await check.view(secretary, `/api/lists?villageId=${v}&year=${year}&quarter=${quarter}`);
      const onList = lists.filter((e: any) => e.procedureId === id).map((e: any) => e.nomineeId).sort();
      if (JSON.stringify(onList) !== JSON.stringify(listed)) check.mismatch(id, `GET /api/lists has ${onList.join(',')}, the votes imply ${listed.join(',')}`);
      if (view.tasks.some((t: any) => t.status !== 'done')) check.mismatch(id, `open tasks ${view.tasks.filter((t: any) => t.status !== 'done').map((t: any) => t.id).join(' ')}`);
      if (!rewardView) return check.mismatch(id, 'no R9 red-list reward procedure');
      if ((await check.completed(rewardId)) && rewardView.stage !== 'done') check.mismatch(rewardId, `stage ${rewardView.stage}`);
    },
  };
}

/** R10: resolved at tier 1, or failed there and resolved at tier 2; the follow-up finds the agreement kept. */
export async function startMediation(actors: Actors, i: number): Promise<ChaosProcedure> {
  const v = VILLAGES[i % VILLAGES.length];
  const mediator = `mediator.${v}`;
  const escalate = i % 2 === 1;
  const { caseId } = await started(actors, mediator, `dispute ${i}`, '/api/disputes', { villageId: v, parties: [{ name: `甲${i}` }, { name: `乙${i}` }], category: 'neighbour', summary: `混沌纠纷${i}` });
  const id = `mediation/${caseId}`;
  const path = `/api/disputes/${enc(caseId)}`;
  const openTask = async (kind: string, except?: string) => {
    const view = await actors.whenThere(`${id} ${kind}`, () => actors.as(mediator).get(path), (c) => c.tasks.some((t: any) => t.kind === kind && t.status === 'open' && t.id !== except));
    return view.tasks.find((t: any) => t.kind === kind && t.status === 'open' && t.id !== except).id as string;
  };
  return {
    kind: 'mediation',
    id,
    async drive() {
      await actors.think();
      const first = await openTask('mediation.session');
      if (escalate) {
        await actors.decide(mediator, id, first, { outcome: 'failed', notes: '双方各执一词' });
        await actors.think();
      }
      const session = escalate ? await openTask('mediation.session', first) : first;
      await actors.decide(mediator, id, session, { outcome: 'resolved', agreement: '拆除越界围墙', notes: '双方签字' });
      await actors.decide(mediator, id, await openTask('mediation.followup'), { kept: true, notes: '已履行' });
    },
    async verify(check) {
      const view = await check.view(mediator, path);
      await check.decisions(id, view.tasks);
      if (!(await check.completed(id))) return;
      const want = { status: 'closed', outcome: 'resolved', tier: escalate ? 2 : 1 };
      const got = { status: view.status, outcome: view.outcome, tier: view.tier };
      if (JSON.stringify(got) !== JSON.stringify(want)) check.mismatch(id, `${JSON.stringify(got)}, the decisions imply ${JSON.stringify(want)}`);
    },
  };
}

/** R6: one quarter's scores for the 17 villages, entered by the town office. */
export async function startAssessmentQuarter(actors: Actors, i: number, firstYear: number): Promise<ChaosProcedure> {
  const year = firstYear + Math.floor(i / 4);
  const quarter = (i % 4) + 1;
  const { procedureId: id } = await started(actors, 'town.office', `assessment ${year}Q${quarter}`, '/api/procedures/assessment', { year, quarter }, `assessment/${year}Q${quarter}`);
  const scores = VILLAGES.map((villageId, k) => ({ villageId, score: (600 + ((i * 37 + k * 11) % 400)) / 10 }));
  return {
    kind: 'assessment',
    id,
    async drive() {
      await actors.think();
      await actors.think();
      await actors.decide('town.office', id, `${id}/scores`, { scores });
    },
    async verify(check) {
      const view = await check.view('town.office', `/api/procedures/${enc(id)}`);
      await check.decisions(id, view.tasks);
      if (!(await check.completed(id))) return;
      if (view.stage !== 'done') check.mismatch(id, `stage ${view.stage}`);
      const rows = await check.view('town.office', `/api/assessments/${year}`);
      const shown = VILLAGES.map((villageId) => rows.find((r: any) => r.villageId === villageId)?.quarterlyScores?.[quarter - 1] ?? null);
      const want = scores.map((s) => s.score);
      if (JSON.stringify(shown) !== JSON.stringify(want)) check.mismatch(id, `scores shown ${JSON.stringify(shown)}`);
    },
  };
}
