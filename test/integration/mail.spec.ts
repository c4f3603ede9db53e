import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { TaskActivities } from '../../activities/task.activities';
import { loadConfig } from '../../libs/config/src';
import { SmtpMailTransport, TaskMailer } from '../../libs/mail/src';
import { DevMailSink, type CaughtMail } from '../../libs/mail/src/dev-mail-sink';
import { openDatabase, seedDemoData, TaskStore, UserDirectory } from '../../libs/persistence/src';
import { freePort } from '../../scripts/lib/services';
import { freshDatabase, TMP_DIR } from '../support/databases';

describe('task mail over real SMTP to the development sink', () => {
  let ds: DataSource;
  let sink: DevMailSink;
  let web: number;
  let activities: TaskActivities;

  beforeAll(async () => {
    const [smtp, http] = [await freePort(), await freePort()];
    web = http;
    ds = await openDatabase(await freshDatabase('sqlite'));
    await seedDemoData(ds, 'unused-hash');
    sink = new DevMailSink(mkdtempSync(join(TMP_DIR, 'mail-')));
    await sink.start(smtp, http);
    const config = loadConfig({ NODE_ENV: 'development', SMTP_URL: `smtp://127.0.0.1:${smtp}`, PUBLIC_URL: 'http://town.example:3000' });
    activities = new TaskActivities(new TaskStore(ds), new UserDirectory(ds), new TaskMailer(new SmtpMailTransport(config), config));
  });
  afterAll(async () => {
    await sink?.stop();
    await ds?.destroy();
  });

  const mailTo = async (address: string): Promise<CaughtMail[]> => (await fetch(`http://127.0.0.1:${web}/messages?to=${encodeURIComponent(address)}`)).json() as Promise<CaughtMail[]>;

  it('R11: opening a task mails its candidates once, with a Chinese subject and the link that opens the task', async () => {
    const spec = {
      id: 'contract/v03/abc/review-1',
      kind: 'contract.review',
      title: '合同审核(第1轮):林地流转合同',
      procedureId: 'contract/v03/abc',
      villageId: 'v03',
      candidates: [{ role: 'LEGAL_ADVISER' as const, villageId: 'v03' }],
      dueAt: '2026-12-06T09:00:00.000Z',
      payload: {},
    };
    await activities.openTask(spec);
    await activities.openTask(spec);
    const mails = await mailTo('legal.v03@town.local');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('【待办】合同审核(第1轮):林地流转合同');
    expect(mails[0].text).toContain('http://town.example:3000/#/tasks/contract%2Fv03%2Fabc%2Freview-1');
    expect(mails[0].html).toContain('href="http://town.example:3000/#/tasks/contract%2Fv03%2Fabc%2Freview-1"');
    expect(mails[0].text).toContain('办理期限:2026年12月6日 17:00');
    expect(await mailTo('legal.v04@town.local')).toHaveLength(0);
  });

  it('reassignment mails the roles up the chain', async () => {
    const spec = { id: 'contract/v03/def/review-1', kind: 'contract.review', title: '合同审核:超期', procedureId: 'contract/v03/def', villageId: 'v03', candidates: [{ role: 'LEGAL_ADVISER' as const, villageId: 'v03' }], dueAt: null, payload: {} };
    await activities.openTask(spec);
    await activities.reassignTask({ taskId: spec.id, addRoles: ['TOWN_OFFICE'], notifyRoles: ['SECRETARY'], dueAt: null, seq: 1 });
    expect((await mailTo('town.office@town.local')).map((m) => m.subject)).toEqual(['【转办】合同审核:超期']);
    expect((await mailTo('secretary.v03@town.local')).map((m) => m.subject)).toEqual(['【督办】合同审核:超期']);
  });
});
