import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntity, openDatabase } from '../../libs/persistence/src';
import type { Stack } from '../../scripts/lib/stack';
import { ApiClient, eventually, openTaskOf, startSystem } from '../support/system';

/** R11 村级合同法律顾问审核, end to end over HTTP against the real dev server, worker and database. */
describe('contract review over HTTP (R11)', () => {
  let system: Stack;
  let secretary: ApiClient;
  let legal: ApiClient;

  beforeAll(async () => {
    system = await startSystem();
    secretary = await ApiClient.login(system.apiUrl, 'secretary.v01');
    legal = await ApiClient.login(system.apiUrl, 'legal.v01');
  });
  afterAll(async () => system?.stop());

  const submit = (client: ApiClient, body: Record<string, unknown> = {}) =>
    client.post('/api/procedures/contract-review', { villageId: 'v01', title: '鱼塘承包合同', counterparty: '青山水产合作社', amountFen: 1_250_000, summary: '承包期五年', ...body });

  it('R11: submitted, returned, revised, approved and signed by the demo users', async () => {
    // GIVEN a contract submitted by the secretary of v01
    const started = await submit(secretary);
    expect(started.status).toBe(201);
    const { procedureId } = started.body;

    // WHEN the legal adviser returns it
    const review1 = await openTaskOf(legal, procedureId, 'contract.review');
    expect(review1.payload).toMatchObject({ title: '鱼塘承包合同', amountFen: 1_250_000, round: 1 });
    const returned = await legal.complete(review1.id, { approve: false, opinion: '违约责任条款不明确' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'done', completedBy: 'legal.v01' });

    // THEN the submitter revises, the adviser approves and the secretary signs
    const revise = await openTaskOf(secretary, procedureId, 'contract.revise');
    expect(revise.payload.opinion).toBe('违约责任条款不明确');
    expect((await secretary.complete(revise.id, { summary: '承包期五年,补充违约责任条款' })).status).toBe(200);
    const review2 = await openTaskOf(legal, procedureId, 'contract.review');
    expect(review2.payload).toMatchObject({ round: 2, summary: '承包期五年,补充违约责任条款' });
    expect((await legal.complete(review2.id, { approve: true, opinion: '同意签订' })).status).toBe(200);
    const sign = await openTaskOf(secretary, procedureId, 'contract.sign');
    expect((await secretary.complete(sign.id, { signed: true })).status).toBe(200);

    const done = await eventually(async () => {
      const p = await secretary.procedure(procedureId);
      return p.body.stage === 'done' && p.body;
    });
    expect(done.history.map((e: any) => e.type)).toEqual(expect.arrayContaining(['started', 'task_opened', 'task_decided', 'stage']));
    expect(done.tasks.map((t: any) => [t.kind, t.status])).toEqual([
      ['contract.review', 'done'],
      ['contract.revise', 'done'],
      ['contract.review', 'done'],
      ['contract.sign', 'done'],
    ]);
    const doneInbox = await legal.get('/api/tasks?status=done');
    expect(doneInbox.body.items.map((t: any) => t.id)).toEqual(expect.arrayContaining([review1.id, review2.id]));
  });

  describe('refusals', () => {
    let procedureId: string;
    let review: any;

    beforeAll(async () => {
      procedureId = (await submit(secretary, { title: '道路硬化施工合同' })).body.procedureId;
      review = await openTaskOf(legal, procedureId, 'contract.review');
    });

    it('an invalid decision gets 400 and the task stays open', async () => {
      for (const decision of [{ approve: 'yes', opinion: 'x' }, { approve: true }, { approve: true, opinion: 'ok', extra: 1 }, { approve: true, opinion: '   ' }]) {
        const res = await legal.complete(review.id, decision);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
      expect((await legal.task(review.id)).body.status).toBe('open');
    });

    it('a user of another village or another role gets 403 and nothing changes', async () => {
      for (const username of ['legal.v02', 'council.v01.1', 'rep.v01.01', 'secretary.v02']) {
        const other = await ApiClient.login(system.apiUrl, username);
        expect((await other.complete(review.id, { approve: true, opinion: '越权' })).status).toBe(403);
        expect((await other.task(review.id)).status).toBe(403);
      }
      expect((await ApiClient.login(system.apiUrl, 'legal.v02').then((c) => submit(c))).status).toBe(403);
      expect((await ApiClient.login(system.apiUrl, 'secretary.v02').then((c) => c.procedure(procedureId))).status).toBe(403);
      expect((await legal.task(review.id)).body.status).toBe('open');
    });

    it('completing twice is applied once: the same answer again, a different one 409', async () => {
      const decision = { approve: false, opinion: '请补充附件' };
      const [a, b] = await Promise.all([legal.complete(review.id, decision), legal.complete(review.id, decision)]);
      expect([a.status, b.status].sort()).toEqual([200, 200]);
      expect(b.body.completedAt).toBe(a.body.completedAt);
      expect((await legal.complete(review.id, decision)).status).toBe(200);
      expect((await legal.complete(review.id, { approve: true, opinion: '改主意了' })).status).toBe(409);
      const revise = await openTaskOf(secretary, procedureId, 'contract.revise');
      expect(revise).toBeDefined();
      const p = await secretary.procedure(procedureId);
      expect(p.body.tasks.filter((t: any) => t.kind === 'contract.review')).toHaveLength(1);
      expect(p.body.history.filter((e: any) => e.type === 'task_decided')).toHaveLength(1);
    });
  });

  describe('issue 9: two candidates, one decision', () => {
    let procedureId: string;
    let town: ApiClient;

    beforeAll(async () => {
      // The review is reassigned to the town office after a second, so two people may decide it.
      const admin = await ApiClient.login(system.apiUrl, 'admin');
      const before = (await admin.get('/api/policy')).body.policy;
      const quick = structuredClone(before);
      quick.tasks['contract.review'] = { due: 'PT1S', remindAt: [], onTimeout: [{ action: 'reassign', addRoles: ['TOWN_OFFICE'], notifyRoles: [], extendBy: 'P5D' }] };
      expect((await admin.put('/api/policy', quick)).status).toBe(200);
      procedureId = (await submit(secretary, { title: '村部修缮合同' })).body.procedureId;
      expect((await admin.put('/api/policy', before)).status).toBe(200);
      town = await ApiClient.login(system.apiUrl, 'town.office');
      await openTaskOf(town, procedureId, 'contract.review');
    });

    it('a second candidate with a different decision gets 409 naming who decided; the same decision retried gets 200 with the same body, one audit row', async () => {
      const review = await openTaskOf(legal, procedureId, 'contract.review');
      const mine = { approve: false, opinion: '请补充验收条款' };
      const theirs = { approve: true, opinion: '同意签订' };

      // Both at once: exactly one is applied, the other is told who decided.
      const [a, b] = await Promise.all([legal.complete(review.id, mine, '法律顾问意见'), town.complete(review.id, theirs)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [won, lost, winner] = a.status === 200 ? [a, b, 'legal.v01'] : [b, a, 'town.office'];
      expect(won.body).toMatchObject({ status: 'done', completedBy: winner });
      expect(lost.body).toMatchObject({ statusCode: 409 });
      expect(lost.body.message).toContain(`已由 ${winner} 办理`);
      expect(lost.body.message).toContain(`already decided by ${winner}`);

      // The winner retries the very same decision: 200, the same body, applied once.
      const [client, decision, comment] = winner === 'legal.v01' ? [legal, mine, '法律顾问意见'] : [town, theirs, undefined];
      const again = await client.complete(review.id, decision, comment);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(won.body);
      // The loser's decision stays refused, naming the winner, also after the task is done.
      const [other, otherDecision] = winner === 'legal.v01' ? [town, theirs] : [legal, mine];
      const still = await other.complete(review.id, otherDecision);
      expect(still.status).toBe(409);
      expect(still.body.message).toContain(winner);

      const ds = await openDatabase(system.env.DATABASE_URL!);
      try {
        expect(await ds.getRepository(AuditEntity).countBy({ taskId: review.id })).toBe(1);
      } finally {
        await ds.destroy();
      }
      expect((await legal.task(review.id)).body).toMatchObject({ status: 'done', completedBy: winner, decision });
      // The procedure goes on with the winner's decision (and settles before the next test counts tasks).
      await openTaskOf(secretary, procedureId, decision.approve ? 'contract.sign' : 'contract.revise');
    });
  });

  describe('bad input is a 4xx, never a 500, and changes nothing', () => {
    it('malformed JSON, wrong types, unknown fields, oversized bodies, bad ids', async () => {
      const before = (await secretary.get('/api/tasks?status=open')).body.total;
      const cases: [string, string, string][] = [
        ['POST', '/api/procedures/contract-review', '{"villageId": "v01",'],
        ['POST', '/api/procedures/contract-review', JSON.stringify({ villageId: 'v01', title: 't', counterparty: 'c', amountFen: '100', summary: 's' })],
        ['POST', '/api/procedures/contract-review', JSON.stringify({ villageId: 'v01', title: 't', counterparty: 'c', amountFen: 1.5, summary: 's' })],
        ['POST', '/api/procedures/contract-review', JSON.stringify({ villageId: 'v01', title: 't', counterparty: 'c', amountFen: -1, summary: 's' })],
        ['POST', '/api/procedures/contract-review', JSON.stringify({ villageId: 'v01', title: 't', counterparty: 'c', amountFen: 1, summary: 's', admin: true })],
        ['POST', '/api/procedures/contract-review', JSON.stringify({ villageId: 'v99', title: 't', counterparty: 'c', amountFen: 1, summary: 's' })],
        ['POST', '/api/procedures/contract-review', JSON.stringify({ villageId: 'v01', title: 'x'.repeat(200_000), counterparty: 'c', amountFen: 1, summary: 's' })],
        ['POST', '/api/procedures/contract-review', '[]'],
        ['POST', '/api/procedures/contract-review', 'null'],
        ['POST', '/api/tasks/no-such-task/complete', JSON.stringify({ decision: { approve: true, opinion: 'x' } })],
        ['POST', `/api/tasks/${encodeURIComponent('contract/v01/x/review-1')}/complete`, JSON.stringify({ decision: 'yes' })],
        ['GET', '/api/tasks/%E0%A4%A', ''],
        ['GET', '/api/tasks?page=0', ''],
        ['GET', '/api/tasks?pageSize=1000', ''],
        ['GET', '/api/tasks?status=lost', ''],
        ['GET', `/api/procedures/${encodeURIComponent('contract/v01/nope')}`, ''],
      ];
      for (const [method, path, body] of cases) {
        const res = await secretary.raw(method, path, body);
        expect({ path, body: body.slice(0, 60), status: res.status }).toEqual({ path, body: body.slice(0, 60), status: expect.any(Number) });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String), message: expect.anything() });
        expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
      }
      expect((await secretary.get('/api/tasks?status=open')).body.total).toBe(before);
    });

    it('no token is 401; a forged token is 401', async () => {
      expect((await new ApiClient(system.apiUrl).get('/api/tasks')).status).toBe(401);
      expect((await new ApiClient(system.apiUrl, 'x.y.z').get('/api/me')).status).toBe(401);
    });

    it('login failures are rate-limited', async () => {
      const anon = new ApiClient(system.apiUrl);
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await anon.post('/api/auth/login', { username: 'committee.v03.1', password: 'wrong' })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429]);
    });
  });

  it('GET /health checks the database and Temporal and shows the mail backlog; security headers are set; OpenAPI has the decision shapes', async () => {
    const res = await fetch(`${system.apiUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, temporal: { status: 'up' }, mail: { status: 'up', pending: expect.any(Number), failing: expect.any(Number) } } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const doc = (await (await fetch(`${system.apiUrl}/api/docs-json`)).json()) as any;
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Decision_contract.review', 'Decision_contract.revise', 'Decision_contract.sign']));
    expect(doc.paths['/api/tasks/{id}/complete']).toBeDefined();
  });

  it('one schema per request body: OpenAPI documents every body from it, and GET /api/schemas serves it to the pages without login', async () => {
    const doc = (await (await fetch(`${system.apiUrl}/api/docs-json`)).json()) as any;
    const bodies = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((item) => Object.values(item).filter((op) => op.requestBody).map((op) => op.requestBody.content['application/json'].schema.$ref));
    expect(bodies.length).toBeGreaterThanOrEqual(11);
    expect(bodies.filter((ref) => typeof ref !== 'string' || !doc.components.schemas[ref.replace('#/components/schemas/', '')])).toEqual([]);
    const res = await fetch(`${system.apiUrl}/api/schemas`);
    expect(res.status).toBe(200);
    const schemas = (await res.json()) as Record<string, any>;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['login', 'contractStart', 'taskCompletion', 'vote', 'objection', 'disputeStart', 'nomination', 'contract.review']));
    expect(schemas.contractStart).toMatchObject({ type: 'object', required: ['villageId', 'title', 'counterparty', 'amountFen', 'summary'], properties: { title: { maxLength: 200 } }, additionalProperties: false });
  });

  it('policy: anyone reads it, only ADMIN writes a new version, and bad policy is 400', async () => {
    const current = await secretary.get('/api/policy');
    expect(current.status).toBe(200);
    expect((await secretary.put('/api/policy', current.body.policy)).status).toBe(403);
    const admin = await ApiClient.login(system.apiUrl, 'admin');
    const changed = structuredClone(current.body.policy);
    changed.tasks['contract.review'].due = 'P10D';
    const saved = await admin.put('/api/policy', changed);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(current.body.version + 1);
    changed.tasks['contract.review'].due = 'ten days';
    const refused = await admin.put('/api/policy', changed);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('tasks.contract.review.due');
    expect((await secretary.get('/api/policy')).body.version).toBe(saved.body.version);
  });
});
