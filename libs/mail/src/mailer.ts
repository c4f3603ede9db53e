import { Injectable, Logger } from '@nestjs/common';
import { formatYuan, type Candidate } from '../../domain/src';
import { AppConfig } from '../../config/src';
import { MailOutboxStore, UserDirectory } from '../../persistence/src';
import { composeMail, formatTime, type MailParts } from './compose';

export interface MailTask {
  id: string;
  title: string;
  kind: string;
  dueAt: Date | null;
}

export interface PaidReward {
  paymentId: string;
  name: string;
  duty: string;
  amountFen: number;
  year: number;
  paidOn: string;
  reference: string;
}

export interface CaseEventMail {
  caseId: string;
  eventId: string;
  subject: string;
  lead: string;
  message: string;
}

/**
 * Every message of the platform, one method each. A message is queued in the mail outbox under
 * the id of the event it tells of, so a retried activity queues it once; the worker's dispatcher
 * delivers it, and retries it, later. Nothing here talks to SMTP.
 */
@Injectable()
export class Mailer {
  private readonly logger = new Logger(Mailer.name);

  constructor(
    private readonly outbox: MailOutboxStore,
    private readonly users: UserDirectory,
    private readonly config: AppConfig,
  ) {}

  taskLink(taskId: string): string {
    return `${this.config.publicUrl}/#/tasks/${encodeURIComponent(taskId)}`;
  }

  async taskOpened(to: readonly Candidate[], task: MailTask): Promise<void> {
    await this.queue(`${task.id}#opened`, to, this.task(`【待办】${task.title}`, '您有一项新的待办事项需要处理。', task));
  }

  async taskReminder(to: readonly Candidate[], task: MailTask, seq: number, overdue: boolean): Promise<void> {
    const parts = overdue
      ? this.task(`【已逾期】${task.title}`, '该待办已超过办理期限,请尽快处理。', task)
      : this.task(`【提醒】${task.title}`, '该待办即将到期,请及时处理。', task);
    await this.queue(`${task.id}#reminder-${seq}`, to, parts);
  }

  async taskReassigned(to: readonly Candidate[], task: MailTask, seq: number): Promise<void> {
    await this.queue(`${task.id}#reassigned-${seq}`, to, this.task(`【转办】${task.title}`, '该待办超过期限未办理,已按规则转交您处理。', task));
  }

  async taskEscalatedNotice(to: readonly Candidate[], task: MailTask, seq: number): Promise<void> {
    await this.queue(`${task.id}#reassigned-${seq}-notice`, to, this.task(`【督办】${task.title}`, '该待办超过期限未办理,已按规则转办,请督促办理。', task));
  }

  async ballotOpened(to: readonly Candidate[], ballotId: string): Promise<void> {
    await this.queue(`${ballotId}#opened`, to, { subject: '【投票】红黑榜村民代表大会投票已开始', lead: '村民代表大会投票已开始,请在截止前投票。', link: this.ballotLink(ballotId) });
  }

  async votersReminded(to: readonly Candidate[], ballotId: string): Promise<void> {
    await this.queue(`${ballotId}#voters-reminded`, to, { subject: '【提醒】红黑榜投票即将截止', lead: '您尚未投票,投票即将截止,请尽快投票。', link: this.ballotLink(ballotId) });
  }

  /** A procedure's own notice (its result, say), worded by the workflow; `key` names the event. */
  async procedureNotice(to: readonly Candidate[], notice: { key: string; subject: string; text: string; link?: string }): Promise<void> {
    await this.queue(notice.key, to, { subject: notice.subject, lead: notice.text, link: { href: notice.link ?? this.config.publicUrl, label: '打开' } });
  }

  async rewardPaid(to: readonly Candidate[], p: PaidReward): Promise<void> {
    const amount = formatYuan(p.amountFen);
    await this.queue(`${p.paymentId}#paid`, to, {
      subject: `【奖励发放】${p.year}年度村干部考核奖励 ${amount}`,
      lead: `${p.name}:您的${p.year}年度村干部考核奖励 ${amount}(${p.duty})已于 ${p.paidOn} 发放,凭证号 ${p.reference}。`,
      link: { href: `${this.config.publicUrl}/#/town/assessment?year=${p.year}`, label: '打开' },
    });
  }

  async caseEvent(to: readonly Candidate[], e: CaseEventMail, at = new Date()): Promise<void> {
    await this.queue(e.eventId, to, {
      subject: e.subject,
      lead: e.lead,
      details: [e.message, `时间:${formatTime(at, this.config.town.timezone)}`],
      link: { href: `${this.config.publicUrl}/#/disputes/${encodeURIComponent(e.caseId)}`, label: '查看案件' },
    });
  }

  private task(subject: string, lead: string, task: MailTask): MailParts {
    const due = task.dueAt ? formatTime(task.dueAt, this.config.town.timezone) : '无';
    return { subject, lead, details: [`事项:${task.title}`, `办理期限:${due}`], link: { href: this.taskLink(task.id), label: '打开待办' } };
  }

  private ballotLink(ballotId: string): MailParts['link'] {
    return { href: `${this.config.publicUrl}/#/ballots/${encodeURIComponent(ballotId)}`, label: '打开' };
  }

  private async queue(key: string, to: readonly Candidate[], parts: MailParts): Promise<void> {
    const emails = await this.users.emailsOf(to);
    if (emails.length === 0) return;
    await this.outbox.enqueue({ key, to: emails, ...composeMail(parts) });
    this.logger.log(`mail ${key} queued for ${emails.length}`);
  }
}
