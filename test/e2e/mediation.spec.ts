import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '../../scripts/lib/stack';
import { ApiClient, eventually, openTaskOf, startSystem } from '../support/system';

/** R10 "3+2" dispute mediation end to end over HTTP: demo users, second-scale durations from PUT /api/policy. */
describe('dispute mediation over HTTP (R10)', () => {
  let system: Stack;
  let admin: ApiClient;
  let mediator: ApiClient;
  let secretary: ApiClient;
  let committee: ApiClient;
  let townMediation: ApiClient;
  let defaultPolicy: any;

  const wf = (caseId: string) => `mediation/${caseId}`;
  const dispute = (body: Record<string, unknown> = {}) => ({ villageId: 'v01', parties: [{ name: '张三', contact: '13800000001' }, { name: '李四' }], category: 'neighbour', summary: '宅基地边界纠纷', ...body });

  /** A new policy version with this ladder's time limits (seconds) and follow-up. */
  async function ladderPolicy(seconds: number[], followUpSeconds = 2) {
    const p = structuredClone(defaultPolicy);
    p.mediation.ladder.forEach((t: any, i: number) => (t.timeLimit = `PT${seconds[i]}S`));
    p.mediation.followUpAfter = `PT${followUpSeconds}S`;
    const res = await admin.put('/api/policy', p);
    expect(res.status).toBe(200);
  }

  async function mails(to: string): Promise<{ subject: string; text: string }[]> {
    return (await fetch(`${system.mailUrl}/messages?to=${encodeURIComponent(to)}`)).json() as Promise<any>;
  }

  const caseOf = (client: ApiClient, caseId: string) => client.get(`/api/disputes/${encodeURIComponent(caseId)}`);

  beforeAll(async () => {
    system = await startSystem();
    [admin, mediator, secretary, committee, townMediation] = await Promise.all(
      ['admin', 'mediator.v01', 'secretary.v01', 'committee.v01.1', 'town.mediation'].map((u) => ApiClient.login(system.apiUrl, u)),
    );
    defaultPolicy = (await admin.get('/api/policy')).body.policy;
  });
  afterAll(async () => system?.stop());

  it('R10: a case fails at tier 1, times out at tier 2, fails at tier 3, reaches the town, is resolved there and kept at the follow-up', async () => {
    await ladderPolicy([30, 4, 30, 60, 60], 2);
    const reg = await mediator.post('/api/disputes', dispute());
    expect(reg.status).toBe(201);
    const { caseId } = reg.body;
    expect((await caseOf(mediator, caseId)).body).toMatchObject({ caseId, villageId: 'v01', tier: 1, status: 'open' });

    const s1 = await openTaskOf(mediator, wf(caseId), 'mediation.session');
    expect((await mediator.complete(s1.id, { outcome: 'failed', notes: '双方各执一词' })).status).toBe(200);
    // Tier 2 runs out of time (PT4S) and the case moves on by itself.
    const s3 = await openTaskOf(committee, wf(caseId), 'mediation.session', 30_000).then(async (t) => {
      if (t.payload.tier === 3) return t;
      return eventually(async () => {
        const res = await committee.get('/api/tasks?status=open&kind=mediation.session&pageSize=100');
        return res.body.items.find((x: any) => x.procedureId === wf(caseId) && x.payload.tier === 3);
      }, 30_000);
    });
    expect(s3.payload).toMatchObject({ tier: 3 });
    expect((await committee.complete(s3.id, { outcome: 'failed', notes: '法律顾问释法后仍未达成一致' })).status).toBe(200);

    const s4 = await openTaskOf(townMediation, wf(caseId), 'mediation.session');
    expect(s4.payload).toMatchObject({ tier: 4, level: 'town' });
    expect((await townMediation.complete(s4.id, { outcome: 'continue', notes: '约双方再谈' })).status).toBe(200);
    const s4b = await eventually(async () => {
      const t = await openTaskOf(townMediation, wf(caseId), 'mediation.session');
      return t.id !== s4.id && t;
    });
    expect(s4b.dueAt).toBe(s4.dueAt);
    expect((await townMediation.complete(s4b.id, { outcome: 'resolved', agreement: '李四拆除越界围墙', notes: '双方签字' })).status).toBe(200);
    await eventually(async () => (await caseOf(townMediation, caseId)).body.status === 'awaiting_followup');

    const f = await openTaskOf(townMediation, wf(caseId), 'mediation.followup', 30_000);
    expect((await townMediation.complete(f.id, { kept: true, notes: '已拆除' })).status).toBe(200);
    const closed = await eventually(async () => {
      const c = (await caseOf(mediator, caseId)).body;
      return c.status === 'closed' && c;
    });
    expect(closed).toMatchObject({ tier: 4, outcome: 'resolved', level: 'town' });
    const escalations = closed.timeline.filter((e: any) => e.type === 'escalated');
    expect(escalations.map((e: any) => [e.tier, e.reason])).toEqual([[2, 'failed'], [3, 'timeout'], [4, 'failed']]);
    expect(closed.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['registered', 'session', 'escalated', 'resolved', 'followup']));
    expect(closed.tasks.find((t: any) => t.payload === undefined && t.status === 'cancelled')).toBeDefined();

    // Reaching the town tier mailed the town office.
    const townMail = await eventually(async () => (await mails('town.office@town.local')).find((m) => m.subject.startsWith('【纠纷升级】') && m.text.includes(encodeURIComponent(caseId))));
    expect(townMail.text).toContain('第4级');

    const now = new Date(Date.now() + 8 * 3600_000);
    const q = Math.floor(now.getUTCMonth() / 3) + 1;
    const stats = await townMediation.get(`/api/disputes/stats?year=${now.getUTCFullYear()}&quarter=${q}`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ registered: 1, resolvedAtTown: 1, resolvedAtVillage: 0, escalatedToTown: 1, referredToLitigation: 0 });
  });

  describe('a case waiting at tier 1 of the default ladder', () => {
    let caseId: string;
    let session: any;

    beforeAll(async () => {
      expect((await admin.put('/api/policy', defaultPolicy)).status).toBe(200);
      caseId = (await secretary.post('/api/disputes', dispute({ category: 'family', summary: '赡养纠纷' }))).body.caseId;
      session = await openTaskOf(mediator, wf(caseId), 'mediation.session');
    });

    it('R10 dispute details are for those who mediate (issue 9): committee, council, representatives, other villages, admin and leadership get 403', async () => {
      for (const u of ['legal.v01', 'town.office', 'town.mediation']) {
        const c = await ApiClient.login(system.apiUrl, u);
        expect({ u, status: (await caseOf(c, caseId)).status }).toEqual({ u, status: 200 });
      }
      for (const u of ['rep.v01.01', 'council.v01.1', 'committee.v01.1', 'secretary.v02', 'mediator.v02', 'admin']) {
        const c = await ApiClient.login(system.apiUrl, u);
        const statuses = [
          (await caseOf(c, caseId)).status,
          (await c.post(`/api/disputes/${encodeURIComponent(caseId)}/risk`, { flag: 'group_petition', note: '' })).status,
          (await c.complete(session.id, { outcome: 'continue', notes: '越权' })).status,
          (await c.post('/api/disputes', dispute())).status,
          (await c.get('/api/disputes?villageId=v01')).status,
          (await c.get('/api/disputes/stats?villageId=v01')).status,
        ];
        expect({ u, statuses }).toEqual({ u, statuses: [403, 403, 403, 403, 403, 403] });
      }
      const leadership = await ApiClient.login(system.apiUrl, 'town.leader');
      expect([(await caseOf(leadership, caseId)).status, (await leadership.get('/api/disputes')).status, (await leadership.get('/api/disputes/stats?villageId=v01')).status]).toEqual([403, 403, 200]);
      const other = await ApiClient.login(system.apiUrl, 'secretary.v02');
      expect((await other.get('/api/disputes')).body.items.map((d: any) => d.caseId)).not.toContain(caseId);
      expect((await mediator.get('/api/disputes?status=open')).body.items.map((d: any) => d.caseId)).toContain(caseId);
      expect((await caseOf(mediator, caseId)).body.timeline.filter((e: any) => e.type === 'risk')).toEqual([]);
    });

    it('R10 OpenAPI publishes the mediation decision shapes and the dispute routes', async () => {
      const doc = (await (await fetch(`${system.apiUrl}/api/docs-json`)).json()) as any;
      expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Decision_mediation.session', 'Decision_mediation.counselling', 'Decision_mediation.litigation_guidance', 'Decision_mediation.followup']));
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/disputes', '/api/disputes/stats', '/api/disputes/{id}', '/api/disputes/{id}/risk']));
    });

    it('R10 bad input is 400 and changes nothing', async () => {
      const before = (await mediator.get('/api/disputes')).body.total;
      const timeline = (await caseOf(mediator, caseId)).body.timeline;
      for (const body of [dispute({ category: 'feud' }), dispute({ parties: [] }), dispute({ parties: undefined }), dispute({ major: 'yes' }), dispute({ admin: true })]) {
        const res = await mediator.post('/api/disputes', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
      // An unknown village: the town office is told so; a village mediator holds no role there (access table).
      expect((await (await ApiClient.login(system.apiUrl, 'town.office')).post('/api/disputes', dispute({ villageId: 'v99' }))).status).toBe(400);
      expect((await mediator.post('/api/disputes', dispute({ villageId: 'v99' }))).status).toBe(403);
      for (const body of [{ flag: 'rumour', note: '' }, { note: 'x' }, { flag: 'group_petition', note: 5 }]) {
        expect((await mediator.post(`/api/disputes/${encodeURIComponent(caseId)}/risk`, body)).status).toBe(400);
      }
      expect((await mediator.complete(session.id, { outcome: 'resolved', notes: '达成一致' })).status).toBe(400);
      expect((await mediator.complete(session.id, { outcome: 'maybe', notes: 'x' })).status).toBe(400);
      for (const path of ['/api/disputes?status=lost', '/api/disputes?tier=x', '/api/disputes/stats?quarter=5&year=2026', '/api/disputes/stats?quarter=1', `/api/disputes/${encodeURIComponent('v01-nope')}`]) {
        const res = await mediator.get(path);
        expect({ path, status: res.status >= 400 && res.status < 500 }).toEqual({ path, status: true });
      }
      expect((await mediator.get('/api/disputes')).body.total).toBe(before);
      expect((await mediator.task(session.id)).body.status).toBe('open');
      expect((await caseOf(mediator, caseId)).body.timeline).toEqual(timeline);
    });

    it('R10 a skip-level petition jumps the case to tier 4 at once and mails the town office and leadership', async () => {
      const res = await secretary.post(`/api/disputes/${encodeURIComponent(caseId)}/risk`, { flag: 'skip_level_petition', note: '扬言到市里上访' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ flag: 'skip_level_petition', tier: 4, escalated: true });
      const c = await eventually(async () => {
        const b = (await caseOf(mediator, caseId)).body;
        return b.tier === 4 && b;
      });
      expect(c.timeline.find((e: any) => e.type === 'risk')).toMatchObject({ reason: 'skip_level_petition', actorId: 'secretary.v01' });
      expect(c.timeline.find((e: any) => e.type === 'escalated')).toMatchObject({ reason: 'risk', tier: 4 });
      expect((await mediator.task(session.id)).body.status).toBe('cancelled');
      await eventually(async () => (await mails('town.leader@town.local')).find((m) => m.subject.startsWith('【风险预警】越级访苗头')));
      await openTaskOf(townMediation, wf(caseId), 'mediation.session');
    });
  });

  it('R10 reliability: the Temporal server stops and starts again (same state file) while a case waits in a tier; it escalates on time and nothing is lost', async () => {
    await ladderPolicy([15, 60, 60, 60, 60]);
    const { caseId } = (await mediator.post('/api/disputes', dispute({ category: 'debt', summary: '借款纠纷' }))).body;
    const s1 = await openTaskOf(mediator, wf(caseId), 'mediation.session');
    expect((await mediator.complete(s1.id, { outcome: 'continue', notes: '第一次调解' })).status).toBe(200);
    const s2 = await eventually(async () => {
      const t = await openTaskOf(mediator, wf(caseId), 'mediation.session');
      return t.id !== s1.id && t;
    });
    const before = (await caseOf(mediator, caseId)).body;
    expect(before.timeline.filter((e: any) => e.type === 'session')).toHaveLength(1);

    await system.services.get('temporal')!.stop();
    await new Promise((r) => setTimeout(r, 2000));
    await system.startTemporal();

    const after = await eventually(async () => {
      const b = (await caseOf(mediator, caseId)).body;
      return b.tier === 2 && b;
    }, 60_000);
    const esc = after.timeline.find((e: any) => e.type === 'escalated');
    expect(esc.reason).toBe('timeout');
    const late = Date.parse(esc.at) - Date.parse(s2.dueAt);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(15_000);
    expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
    expect((await mediator.task(s1.id)).body).toMatchObject({ status: 'done', decision: { outcome: 'continue', notes: '第一次调解' } });
    const s3 = await eventually(async () => {
      const res = await committee.get('/api/tasks?status=open&kind=mediation.session&pageSize=100');
      return res.body.items.find((x: any) => x.procedureId === wf(caseId) && x.payload.tier === 2);
    }, 30_000);
    expect((await committee.complete(s3.id, { outcome: 'resolved', agreement: '分期还款', notes: '双方同意' })).status).toBe(200);
  });
});
