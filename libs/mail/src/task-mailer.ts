import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/src';
import { MailTransport } from './mail-transport';

export interface MailTask {
  id: string;
  title: string;
  kind: string;
  dueAt: Date | null;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The messages about tasks, in Chinese; each carries the link that opens the task. */
@Injectable()
export class TaskMailer {
  constructor(
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  taskLink(taskId: string): string {
    return `${this.config.publicUrl}/#/tasks/${encodeURIComponent(taskId)}`;
  }

  async taskOpened(to: string[], task: MailTask): Promise<void> {
    await this.send(to, `【待办】${task.title}`, '您有一项新的待办事项需要处理。', task);
  }

  async taskReminder(to: string[], task: MailTask, overdue: boolean): Promise<void> {
    const subject = overdue ? `【已逾期】${task.title}` : `【提醒】${task.title}`;
    const lead = overdue ? '该待办已超过办理期限,请尽快处理。' : '该待办即将到期,请及时处理。';
    await this.send(to, subject, lead, task);
  }

  async taskReassigned(to: string[], task: MailTask): Promise<void> {
    await this.send(to, `【转办】${task.title}`, '该待办超过期限未办理,已按规则转交您处理。', task);
  }

  async taskEscalatedNotice(to: string[], task: MailTask): Promise<void> {
    await this.send(to, `【督办】${task.title}`, '该待办超过期限未办理,已按规则转办,请督促办理。', task);
  }

  private async send(to: string[], subject: string, lead: string, task: MailTask): Promise<void> {
    const link = this.taskLink(task.id);
    const due = task.dueAt ? `办理期限:${formatTime(task.dueAt, this.config.town.timezone)}` : '办理期限:无';
    const text = `${lead}\n\n事项:${task.title}\n${due}\n\n打开待办:${link}\n\n(本邮件由村居治理平台自动发送)`;
    const html =
      `<p>${escape(lead)}</p><p><b>事项:</b>${escape(task.title)}<br>${escape(due)}</p>` +
      `<p><a href="${escape(link)}">打开待办</a></p><p style="color:#888">本邮件由村居治理平台自动发送</p>`;
    await this.transport.send({ to, subject, text, html });
  }
}

export function formatTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
