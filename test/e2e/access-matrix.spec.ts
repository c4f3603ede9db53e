import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { matchesCandidate, type Candidate, type RoleBinding } from '../../libs/domain/src';
import type { Stack } from '../../scripts/lib/stack';
import { parseAccessTable, readmeAccessSection, type ReadmeRule } from '../support/access-readme';
import { ApiClient, eventually, openTaskOf, startSystem } from '../support/system';
import { slate } from '../support/slates';

const VILLAGE = 'v01';
const YEAR = 2026;
/** One demo user per role in v01, the town's users, a secretary of another village, and nobody signed in. */
const USERS = ['admin', 'town.office', 'town.leader', 'town.mediation', 'secretary.v01', 'mediator.v01', 'committee.v01.1', 'council.v01.1', 'rep.v01.01', 'legal.v01', 'secretary.v02', 'anonymous'];

interface Caller {
  username: string;
  client: ApiClient;
  roles: RoleBinding[] | null;
}

/** A real resource of v01 behind each path parameter, and what the table's rules need to know of it. */
interface Fixtures {
  taskId: string;
  taskCandidates: Candidate[];
  caseId: string;
  ballotId: string;
  procedures: Record<string, { id: string; villageId: string | null }>;
}

/**
 * Issue 9, house style 16: every route × every kind of user, generated from the README's access table
 * (which test/unit/access.spec.ts holds equal to the code), on real resources of v01 created over HTTP.
 * Allowed: anything but 401/403 (bodies are invalid on purpose, so an allowed write answers 400 and
 * changes nothing). Refused: 403, or 401 for nobody signed in.
 */
describe('issue 9 the authorisation matrix: every route × every role', () => {
  let system: Stack;
  let rules: ReadmeRule[];
  let callers: Caller[];
  let fx: Fixtures;

  beforeAll(async () => {
    rules = parseAccessTable(readmeAccessSection());
    system = await startSystem();
    callers = await Promise.all(
      USERS.map(async (username): Promise<Caller> => {
        if (username === 'anonymous') return { username, client: new ApiClient(system.apiUrl), roles: null };
        const client = await ApiClient.login(system.apiUrl, username);
        return { username, client, roles: (await client.get('/api/me')).body.roles };
      }),
    );
    const as = (u: string) => callers.find((c) => c.username === u)!.client;

    const dispute = await as('mediator.v01').post('/api/disputes', { villageId: VILLAGE, parties: [{ name: '孙七' }, { name: '周八' }], category: 'debt', summary: '欠款三千元' });
    expect(dispute.status).toBe(201);
    const contract = await as('secretary.v01').post('/api/procedures/contract-review', { villageId: VILLAGE, title: '鱼塘承包合同', counterparty: '青山水产合作社', amountFen: 1_250_000, summary: '承包期五年' });
    expect(contract.status).toBe(201);
    const redBlack = await as('secretary.v01').post('/api/procedures/red-black', { villageId: VILLAGE, year: YEAR, quarter: 1 });
    expect(redBlack.status).toBe(201);
    const assessment = await as('town.office').post('/api/procedures/assessment', { year: YEAR, quarter: 1 });
    expect(assessment.status).toBe(201);

    const review = await openTaskOf(as('legal.v01'), contract.body.procedureId, 'contract.review');
    const nominate = await openTaskOf(as('council.v01.1'), redBlack.body.procedureId, 'redblack.nominate');
    expect((await as('council.v01.1').complete(nominate.id, slate())).status).toBe(200);
    const discuss = await openTaskOf(as('committee.v01.1'), redBlack.body.procedureId, 'redblack.discuss');
    const decisions = discuss.payload.nominees.map((n: any) => ({ nomineeId: n.nomineeId, approve: true }));
    expect((await as('committee.v01.1').complete(discuss.id, { decisions, minutes: '两委会议讨论通过' })).status).toBe(200);
    const ballot = await eventually(async () => (await as('rep.v01.01').get('/api/ballots?status=open')).body.find?.((b: any) => b.procedureId === redBlack.body.procedureId));
    // The assessment writes its procedure row shortly after it starts.
    await eventually(async () => (await as('town.office').procedure(assessment.body.procedureId)).body.stage !== 'starting');

    fx = {
      taskId: review.id,
      taskCandidates: (await as('legal.v01').task(review.id)).body.candidates,
      caseId: dispute.body.caseId,
      ballotId: ballot.id,
      procedures: {
        'contract-review': { id: contract.body.procedureId, villageId: VILLAGE },
        'red-black': { id: redBlack.body.procedureId, villageId: VILLAGE },
        assessment: { id: assessment.body.procedureId, villageId: null },
      },
    };
  });
  afterAll(async () => system?.stop());

  it('every route the app registers is in the table, and every route in the table is registered', async () => {
    const doc = (await (await fetch(`${system.apiUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const registered = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const inTable = [...new Set(rules.map((r) => `${r.method} ${r.path}`))];
    expect({ missingFromTable: registered.filter((r) => !inTable.includes(r)).sort(), notRegistered: inTable.filter((r) => !registered.includes(r)).sort() }).toEqual({ missingFromTable: [], notRegistered: [] });
  });

  it('each route allows exactly the users the table names and refuses everyone else', async () => {
    const outcomes: string[] = [];
    const exercised = new Set<string>();
    for (const rule of rules) {
      const target = resourceOf(rule, fx);
      if (!target) continue;
      exercised.add(`${rule.method} ${rule.path}${rule.type ? ` (${rule.type})` : ''}`);
      const requests = rule.villageOf === 'list' ? [{ query: '', village: null as string | null }, { query: `?villageId=${VILLAGE}`, village: VILLAGE }] : [{ query: '', village: target.villageId }];
      for (const { query, village } of requests) {
        const results = await Promise.all(
          callers.map(async (caller) => {
            const want = expected(rule, caller, village, fx.taskCandidates);
            const res = await caller.client.request(rule.method, target.path + query, rule.method === 'GET' ? undefined : invalidBody(rule));
            const got = res.status === 401 || res.status === 403 ? res.status : 'allow';
            return got === want ? null : `${rule.method} ${target.path}${query} as ${caller.username}: expected ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`;
          }),
        );
        outcomes.push(...results.filter((r): r is string => r !== null));
      }
    }
    expect(outcomes).toEqual([]);
    // Procedure types without a fixture here (they need a whole quarter or year to exist) are the only gaps.
    const skipped = rules.filter((r) => !exercised.has(`${r.method} ${r.path}${r.type ? ` (${r.type})` : ''}`)).map((r) => r.type);
    expect(skipped.sort()).toEqual(['redblack-overdue', 'redlist-reward', 'reward-plan']);
  });
});

/** The concrete path of a rule on the fixtures, and the village the resource belongs to; null when no fixture has that type. */
function resourceOf(rule: ReadmeRule, fx: Fixtures): { path: string; villageId: string | null } | null {
  let villageId: string | null = rule.villageOf === 'body' ? VILLAGE : rule.villageOf === 'town' || rule.villageOf === 'none' ? null : VILLAGE;
  let procedureId = '';
  if (rule.type) {
    const p = fx.procedures[rule.type];
    if (!p) return null;
    procedureId = p.id;
    villageId = p.villageId;
  }
  const params: Record<string, string> = {
    procedureId,
    year: String(YEAR),
    id: rule.path.startsWith('/api/tasks/') ? fx.taskId : rule.path.startsWith('/api/disputes/') ? fx.caseId : rule.path.startsWith('/api/ballots/') ? fx.ballotId : 'no-such-notice',
  };
  return { path: rule.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name])), villageId };
}

/** What the table says for this caller: allowed, 403, or 401 when nobody is signed in. */
function expected(rule: ReadmeRule, caller: Caller, village: string | null, taskCandidates: Candidate[]): 'allow' | 401 | 403 {
  if (rule.who === 'public') return 'allow';
  if (!caller.roles) return 401;
  const user = { id: caller.username, roles: caller.roles };
  switch (rule.who) {
    case 'signed-in':
      return 'allow';
    case 'task-candidates':
    case 'task-candidates-or-completer':
      return matchesCandidate(user, taskCandidates) ? 'allow' : 403;
    case 'roles': {
      const holds = caller.roles.some((b) =>
        b.villageId === null ? rule.town.includes(b.role) : rule.village.includes(b.role) && (rule.villageOf === 'list' ? village === null || b.villageId === village : b.villageId === village),
      );
      return holds ? 'allow' : 403;
    }
  }
}

/** A body its route refuses with 400 once the caller is let in, carrying the village where the table reads one. */
function invalidBody(rule: ReadmeRule): Record<string, unknown> {
  return rule.villageOf === 'body' ? { villageId: VILLAGE } : {};
}
