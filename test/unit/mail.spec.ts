import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from '../../apps/worker/src/mail-dispatcher.service';
import { composeMail } from '../../libs/mail/src/compose';

describe('mail composition', () => {
  it('every message has one layout: lead, details, the link, the footer; HTML escaped once', () => {
    const mail = composeMail({ subject: '【待办】<甲>', lead: '第一行\n第二行', details: ['事项:"合同" & <附件>'], link: { href: 'http://x/#/tasks/a%2Fb?x=1&y=2', label: '打开待办' } });
    expect(mail.subject).toBe('【待办】<甲>');
    expect(mail.text).toBe('第一行\n第二行\n\n事项:"合同" & <附件>\n\n打开待办:http://x/#/tasks/a%2Fb?x=1&y=2\n\n(本邮件由村居治理平台自动发送)');
    expect(mail.html).toBe(
      '<p>第一行<br>第二行</p><p>事项:&#34;合同&#34; &#38; &#60;附件&#62;</p><p><a href="http://x/#/tasks/a%2Fb?x=1&#38;y=2">打开待办</a></p><p style="color:#888">本邮件由村居治理平台自动发送</p>',
    );
  });
});

describe('mail retry back-off (issue 9)', () => {
  it('waits 5 s after the first failure, doubles, and never waits longer than the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 300_000))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(7, 300_000)).toBe(300_000);
    expect(retryDelayMs(10_000, 300_000)).toBe(300_000);
  });
});
