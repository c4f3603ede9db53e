import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { AssessmentActivities } from '../../activities/assessment.activities';
import { MediationActivities } from '../../activities/mediation.activities';
import { RedBlackActivities } from '../../activities/red-black.activities';
import { TaskActivities } from '../../activities/task.activities';
import { MailDispatcherService } from '../../apps/worker/src/mail-dispatcher.service';
import { loadConfig, type AppConfig } from '../../libs/config/src';
import { Mailer, MailTransport, SmtpMailTransport, type OutgoingMail } from '../../libs/mail/src';
import { DevMailSink, type CaughtMail } from '../../libs/mail/src/dev-mail-sink';
import { AssessmentStore, DisputeStore, MailOutboxEntity, MailOutboxStore, openDatabase, PolicyStore, RedBlackStore, seedDemoData, TaskStore, UserDirectory } from '../../libs/persistence/src';
import { freePort } from '../../scripts/lib/services';
import { databaseUrls, freshDatabase, TMP_DIR } from '../support/databases';

const HOUR = 3_600_000;

/** A transport that takes its time, so two dispatchers really run side by side. */
class SlowTransport extends MailTransport {
  constructor(private readonly inner: MailTransport) {
    super();
  }

  async send(mail: OutgoingMail): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    await this.inner.send(mail);
  }
}

describe.each(databaseUrls())('mail through the outbox, over real SMTP to the development sink, on %s', (kind) => {
  let url: string;
  let ds: DataSource;
  let sink: DevMailSink;
  let web: number;
  let config: AppConfig;
  let outbox: MailOutboxStore;
  let tasks: TaskActivities;
  let dispatcher: MailDispatcherService;
  let smtpDown: MailDispatcherService;

  beforeAll(async () => {
    const [smtp, http, closed] = [await freePort(), await freePort(), await freePort()];
    web = http;
    url = await freshDatabase(kind);
    ds = await openDatabase(url);
    await seedDemoData(ds, 'unused-hash');
    sink = new DevMailSink(mkdtempSync(join(TMP_DIR, 'mail-')));
    await sink.start(smtp, http);
    config = loadConfig({ NODE_ENV: 'development', SMTP_URL: `smtp://127.0.0.1:${smtp}`, PUBLIC_URL: 'http://town.example:3000' });
    outbox = new MailOutboxStore(ds);
    tasks = new TaskActivities(new TaskStore(ds), mailerOn(ds));
    dispatcher = new MailDispatcherService(outbox, new SmtpMailTransport(config), config);
    // Nothing listens on `closed`: every delivery is refused, as in an SMTP outage.
    smtpDown = new MailDispatcherService(outbox, new SmtpMailTransport(loadConfig({ NODE_ENV: 'development', SMTP_URL: `smtp://127.0.0.1:${closed}` })), config);
  });
  afterAll(async () => {
    await sink?.stop();
    await ds?.destroy();
  });

  const mailerOn = (on: DataSource) => new Mailer(new MailOutboxStore(on), new UserDirectory(on), config);
  const mailTo = async (address: string): Promise<CaughtMail[]> => (await fetch(`http://127.0.0.1:${web}/messages?to=${encodeURIComponent(address)}`)).json() as Promise<CaughtMail[]>;
  const allMail = async (): Promise<CaughtMail[]> => (await fetch(`http://127.0.0.1:${web}/messages`)).json() as Promise<CaughtMail[]>;
  const rows = async (keys: string[]) => (await ds.getRepository(MailOutboxEntity).find()).filter((r) => keys.includes(r.key)).sort((x, y) => (x.key < y.key ? -1 : 1));
  const task = (id: string, title: string, dueAt: string | null = null) => ({
    id,
    kind: 'contract.review',
    title,
    procedureId: id.split('/').slice(0, 3).join('/'),
    villageId: 'v03',
    candidates: [{ role: 'LEGAL_ADVISER' as const, villageId: 'v03' }],
    dueAt,
    payload: {},
  });

  it('R11: opening a task mails its candidates once, with a Chinese subject and the link that opens the task', async () => {
    const spec = task('contract/v03/abc/review-1', '合同审核(第1轮):林地流转合同', '2026-12-06T09:00:00.000Z');
    await tasks.openTask(spec);
    await tasks.openTask(spec);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, failed: 0 });
    const mails = await mailTo('legal.v03@town.local');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('【待办】合同审核(第1轮):林地流转合同');
    expect(mails[0].text).toContain('打开待办:http://town.example:3000/#/tasks/contract%2Fv03%2Fabc%2Freview-1');
    expect(mails[0].html).toContain('href="http://town.example:3000/#/tasks/contract%2Fv03%2Fabc%2Freview-1"');
    expect(mails[0].text).toContain('办理期限:2026年12月6日 17:00');
    expect(mails[0].text).toContain('本邮件由村居治理平台自动发送');
    expect(await mailTo('legal.v04@town.local')).toHaveLength(0);
  });

  it('one HTML escape for every message: a title with markup arrives as text', async () => {
    await tasks.openTask(task('contract/v03/esc/review-1', '合同<b>"甲"</b>&乙'));
    await dispatcher.dispatchDue();
    const mail = (await mailTo('legal.v03@town.local')).find((m) => m.subject === '【待办】合同<b>"甲"</b>&乙')!;
    expect(mail.html).toContain('事项:合同&#60;b&#62;&#34;甲&#34;&#60;/b&#62;&#38;乙');
    expect(mail.html).not.toContain('<b>"甲"</b>');
  });

  it('reassignment mails the roles up the chain', async () => {
    const spec = task('contract/v03/def/review-1', '合同审核:超期');
    await tasks.openTask(spec);
    await tasks.reassignTask({ taskId: spec.id, addRoles: ['TOWN_OFFICE'], notifyRoles: ['SECRETARY'], dueAt: null, seq: 1 });
    await dispatcher.dispatchDue();
    expect((await mailTo('town.office@town.local')).map((m) => m.subject)).toEqual(['【转办】合同审核:超期']);
    expect((await mailTo('secretary.v03@town.local')).map((m) => m.subject)).toEqual(['【督办】合同审核:超期']);
  });

  it('issue 9: with SMTP down every mailing activity succeeds, retried too; each mail waits with its attempts and error, then arrives exactly once', async () => {
    // GIVEN the activities of every kind that mails, SMTP refusing every connection
    const mailer = mailerOn(ds);
    const users = new UserDirectory(ds);
    const disputes = new DisputeStore(ds);
    const redBlack = new RedBlackActivities(new RedBlackStore(ds), users, new PolicyStore(ds), mailer, config);
    const assessment = new AssessmentActivities(new AssessmentStore(ds, disputes), users, mailer, config);
    const mediation = new MediationActivities(disputes, mailer);
    const spec = task('contract/v03/out/review-1', '合同审核:停电期间');
    const ballotId = 'redblack/v03/2026Q4/ballot-1';
    await redBlack.openBallot({ ballotId, procedureId: 'redblack/v03/2026Q4', villageId: 'v03', round: 1, nominees: [], closesAt: '2026-12-10T00:00:00.000Z' });
    await assessment.approvePayments({ payments: [{ id: 'reward-plan/v03/2026/secretary.v03', year: 2026, villageId: 'v03', planId: 'reward-plan/v03/2026', kind: 'cadre', userId: 'secretary.v03', name: '三村书记', duty: '书记', amountFen: 300_000 }] });
    await disputes.register({ id: 'case-out', villageId: 'v03', category: 'neighbour', summary: 's', details: {}, level: 'village', dueAt: null, registeredBy: 'mediator.v03', policyVersion: 1 });
    const before = (await allMail()).length;

    // WHEN each activity runs, and runs again as Temporal retries it
    const activities = [
      () => tasks.openTask(spec),
      () => tasks.remindTask({ taskId: spec.id, seq: 1, overdue: false }),
      () => tasks.reassignTask({ taskId: spec.id, addRoles: ['TOWN_OFFICE'], notifyRoles: ['SECRETARY'], dueAt: null, seq: 2 }),
      () => redBlack.activateBallot({ ballotId }),
      () => redBlack.remindVoters({ ballotId, userIds: ['rep.v03.01', 'rep.v03.02'] }),
      () => redBlack.mailRoles({ key: 'redblack/v03/2026Q4#result', roles: ['COUNCIL'], villageId: 'v03', subject: '【结果】2026年第4季度红黑榜评选', text: '评选结果已确定。\n红榜:张三' }),
      () => assessment.markPaid({ planId: 'reward-plan/v03/2026', year: 2026, paidOn: '2026-12-03', reference: 'PZ-001' }),
      () => mediation.recordCaseEvent({ caseId: 'case-out', eventId: 'case-out#1-escalated', type: 'escalated', tier: 2, message: '升至村调委会', mail: { to: [{ role: 'MEDIATOR', villageId: 'v03' }], subject: '【纠纷升级】邻里纠纷', lead: '纠纷案件已升级。' } }),
    ];
    for (const run of [...activities, ...activities]) await run();
    const keys = [
      `${spec.id}#opened`,
      `${spec.id}#reminder-1`,
      `${spec.id}#reassigned-2`,
      `${spec.id}#reassigned-2-notice`,
      `${ballotId}#opened`,
      `${ballotId}#voters-reminded`,
      'redblack/v03/2026Q4#result',
      'reward-plan/v03/2026/secretary.v03#paid',
      'case-out#1-escalated',
    ].sort();
    expect((await rows(keys)).map((r) => r.key)).toEqual(keys);

    // THEN the dispatcher cannot deliver: every mail stays pending with the attempt and the error
    expect(await smtpDown.dispatchDue()).toEqual({ sent: 0, failed: keys.length });
    for (const r of await rows(keys)) {
      expect(r).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null, sentAt: null });
      expect(r.lastError).toMatch(/ECONNREFUSED/);
      expect(r.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    }
    // … not before its back-off is over
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, failed: 0 });
    expect((await allMail()).length).toBe(before);
    expect(await outbox.backlog()).toMatchObject({ pending: keys.length, failing: keys.length });

    // WHEN SMTP is back and the back-off is over
    const later = new Date(Date.now() + HOUR);
    expect(await dispatcher.dispatchDue(() => later)).toEqual({ sent: keys.length, failed: 0 });
    expect(await dispatcher.dispatchDue(() => later)).toEqual({ sent: 0, failed: 0 });

    // THEN each mail arrived exactly once
    const arrived = (await allMail()).slice(before);
    expect(arrived).toHaveLength(keys.length);
    for (const r of await rows(keys)) {
      expect(r).toMatchObject({ status: 'sent', attempts: 2 });
      expect(arrived.filter((m) => m.subject === r.subject && m.to.join() === r.recipients.join())).toHaveLength(1);
    }
    expect((await mailTo('secretary.v03@town.local')).filter((m) => m.subject.startsWith('【奖励发放】'))).toHaveLength(1);
    expect((await mailTo('rep.v03.01@town.local')).map((m) => m.subject)).toEqual(['【投票】红黑榜村民代表大会投票已开始', '【提醒】红黑榜投票即将截止']);
    expect(await outbox.backlog()).toMatchObject({ pending: 0, failing: 0, oldestPendingAt: null });
  });

  it('issue 9: two dispatchers on their own connections never deliver a mail twice', async () => {
    // GIVEN 30 mails due and a second worker's dispatcher on its own database connection
    const other = await openDatabase(url);
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `race#${String(i).padStart(2, '0')}`);
      for (const key of keys) await outbox.enqueue({ key, to: ['town.office@town.local'], subject: `并发 ${key}`, text: key, html: `<p>${key}</p>` });
      const before = (await allMail()).length;
      const a = new MailDispatcherService(outbox, new SlowTransport(new SmtpMailTransport(config)), config);
      const b = new MailDispatcherService(new MailOutboxStore(other), new SlowTransport(new SmtpMailTransport(config)), config);

      // WHEN both deliver at once
      const [ra, rb] = await Promise.all([a.dispatchDue(), b.dispatchDue()]);

      // THEN every mail went out once, by one of them
      expect(ra.sent + rb.sent).toBe(keys.length);
      expect(ra.sent > 0 && rb.sent > 0).toBe(true);
      const arrived = (await allMail()).slice(before).map((m) => m.subject).sort();
      expect(arrived).toEqual(keys.map((k) => `并发 ${k}`));
      expect((await rows(keys)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      await other.destroy();
    }
  });

  it('issue 9: a mail delivered while the database went away is marked sent when it is back, not delivered again', async () => {
    // GIVEN an outbox whose database fails just as the first delivered mail is to be marked sent
    let away = true;
    const flaky = new (class extends MailOutboxStore {
      override async markSent(...args: Parameters<MailOutboxStore['markSent']>): Promise<boolean> {
        if (away) throw new Error('database away');
        return super.markSent(...args);
      }
    })(ds);
    const d = new MailDispatcherService(flaky, new SmtpMailTransport(config), config);
    await outbox.enqueue({ key: 'db-away#1', to: ['town.leader@town.local'], subject: '数据库中断', text: 't', html: 'h' });

    // WHEN the round fails, and the next rounds run with the database back, long after the claim lapsed
    await expect(d.dispatchDue()).rejects.toThrow('database away');
    away = false;
    const later = new Date(Date.now() + HOUR);
    expect(await d.dispatchDue(() => later)).toEqual({ sent: 0, failed: 0 });
    expect(await d.dispatchDue(() => later)).toEqual({ sent: 0, failed: 0 });

    // THEN it went out once and is marked sent
    expect((await mailTo('town.leader@town.local')).filter((m) => m.subject === '数据库中断')).toHaveLength(1);
    expect(await outbox.get('db-away#1')).toMatchObject({ status: 'sent', attempts: 1, claimedBy: null });
  });

  it('issue 9: an event key longer than the column is kept apart from its neighbours and still queued once', async () => {
    const long = `${'长'.repeat(180)}/step`;
    expect(await outbox.enqueue({ key: `${long}#reminder-1`, to: ['admin@town.local'], subject: 's', text: 't', html: 'h' })).toBe(true);
    expect(await outbox.enqueue({ key: `${long}#reminder-1`, to: ['admin@town.local'], subject: 's', text: 't', html: 'h' })).toBe(false);
    expect(await outbox.enqueue({ key: `${long}#reminder-2`, to: ['admin@town.local'], subject: 's', text: 't', html: 'h' })).toBe(true);
    expect((await outbox.get(`${long}#reminder-2`))!.key).toHaveLength(191);
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 2, failed: 0 });
  });

  it('issue 9: a due mail is claimed by one dispatcher only', async () => {
    const otherDs = await openDatabase(url);
    const other = new MailOutboxStore(otherDs);
    try {
      await outbox.enqueue({ key: 'claim#1', to: ['town.office@town.local'], subject: '认领', text: 't', html: 'h' });
      const lease = new Date(Date.now() + 60_000);
      const claims = await Promise.all([outbox.claimNext('worker-a', lease), other.claimNext('worker-b', lease)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const owner = claims[0] ? 'worker-a' : 'worker-b';
      expect((await outbox.get('claim#1'))!.claimedBy).toBe(owner);
      // A claim that lapsed (its dispatcher died) is taken over; the dead one can no longer mark it.
      const taken = await outbox.claimNext('worker-c', new Date(lease.getTime() + 60_000), new Date(lease.getTime() + 1));
      expect(taken?.key).toBe('claim#1');
      expect(await outbox.markSent(claims.find(Boolean)!, owner)).toBe(false);
      expect(await outbox.markSent(taken!, 'worker-c')).toBe(true);
    } finally {
      await otherDs.destroy();
    }
  });
});
