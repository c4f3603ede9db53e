import { Injectable, Logger } from '@nestjs/common';
import type { Candidate } from '../libs/domain/src';
import { AppConfig } from '../libs/config/src';
import { MailTransport, formatTime } from '../libs/mail/src';
import { DisputeStore, UserDirectory, type CaseEventInput, type CaseRegistration } from '../libs/persistence/src';

export interface CaseMail {
  to: Candidate[];
  subject: string;
  lead: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** R10 dispute cases: the read model and the case's mail, written from the mediation workflow. */
@Injectable()
export class MediationActivities {
  private readonly logger = new Logger(MediationActivities.name);

  constructor(
    private readonly store: DisputeStore,
    private readonly users: UserDirectory,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async registerCase(c: CaseRegistration): Promise<void> {
    await this.store.register(c);
  }

  /** Writes a timeline event once (and its change to the case); its mail goes out once it is written, also after a retry. */
  async recordCaseEvent(input: CaseEventInput & { mail?: CaseMail }): Promise<void> {
    const { mail, ...event } = input;
    await this.store.record(event);
    if (!mail || mail.to.length === 0 || (await this.store.eventMailed(event.eventId))) return;
    const to = await this.users.emailsOf(mail.to);
    await this.send(to, mail, event);
    await this.store.markMailed(event.eventId);
    this.logger.log(`case ${event.caseId}: ${event.type} mailed to ${to.length}`);
  }

  private async send(to: string[], mail: CaseMail, event: CaseEventInput): Promise<void> {
    if (to.length === 0) return;
    const link = `${this.config.publicUrl}/#/disputes/${encodeURIComponent(event.caseId)}`;
    const at = formatTime(new Date(), this.config.town.timezone);
    const text = `${mail.lead}\n\n${event.message}\n时间:${at}\n\n查看案件:${link}\n\n(本邮件由村居治理平台自动发送)`;
    const html = `<p>${escape(mail.lead)}</p><p>${escape(event.message)}<br>时间:${escape(at)}</p><p><a href="${escape(link)}">查看案件</a></p><p style="color:#888">本邮件由村居治理平台自动发送</p>`;
    await this.transport.send({ to, subject: mail.subject, text, html });
  }
}
