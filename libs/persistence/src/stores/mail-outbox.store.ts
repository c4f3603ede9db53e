import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual, MoreThan } from 'typeorm';
import { MailOutboxEntity } from '../entities';
import { clip } from '../../../domain/src';
import { row } from './row';

/** A composed mail and the event it tells of. */
export interface QueuedMail {
  key: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
}

const KEY_LENGTH = 191;

/** The stored key: the event's id, or, past the column's length, its start and a digest of the whole. */
export function outboxKey(eventKey: string): string {
  if (eventKey.length <= KEY_LENGTH) return eventKey;
  return `${eventKey.slice(0, KEY_LENGTH - 65)}~${createHash('sha256').update(eventKey).digest('hex')}`;
}

/** What the outbox still has to deliver. */
export interface MailBacklog {
  pending: number;
  /** Pending mails whose delivery has failed at least once. */
  failing: number;
  oldestPendingAt: string | null;
}

/**
 * The mail outbox. Activities queue (once per key); dispatchers claim one due mail at a time by
 * a conditional update, so two dispatchers never hold the same mail, and record how it went.
 */
@Injectable()
export class MailOutboxStore {
  constructor(private readonly ds: DataSource) {}

  /** Queues a mail once per key; false when the key was already queued (a retried activity). */
  async enqueue(mail: QueuedMail, now = new Date()): Promise<boolean> {
    const repo = this.ds.getRepository(MailOutboxEntity);
    const key = outboxKey(mail.key);
    if (await repo.existsBy({ key })) return false;
    try {
      await repo.insert(row<MailOutboxEntity>({
        key,
        recipients: [...mail.to],
        subject: clip(mail.subject, 255),
        text: mail.text,
        html: mail.html,
        status: 'pending',
        attempts: 0,
        lastError: null,
        nextAttemptAt: now,
        claimedBy: null,
        createdAt: now,
        sentAt: null,
      }));
      return true;
    } catch (err) {
      // Another attempt of the same activity, still running, queued it in between.
      if (await repo.existsBy({ key })) return false;
      throw err;
    }
  }

  /**
   * Claims the next due mail for `owner` until `leaseUntil` (after which another dispatcher may
   * take it, should this one have died): null when nothing is due.
   */
  async claimNext(owner: string, leaseUntil: Date, now = new Date()): Promise<MailOutboxEntity | null> {
    const repo = this.ds.getRepository(MailOutboxEntity);
    const due = await repo.find({ select: { key: true }, where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) }, order: { nextAttemptAt: 'ASC', key: 'ASC' }, take: 5 });
    for (const { key } of due) {
      const claimed = await repo.update({ key, status: 'pending', nextAttemptAt: LessThanOrEqual(now) }, { claimedBy: owner, nextAttemptAt: leaseUntil });
      if (claimed.affected === 1) return repo.findOneByOrFail({ key });
    }
    return null;
  }

  /** The claimed mail went out; false when the claim had lapsed and another dispatcher holds it. */
  async markSent(mail: MailOutboxEntity, owner: string, now = new Date()): Promise<boolean> {
    const r = await this.ds.getRepository(MailOutboxEntity).update({ key: mail.key, claimedBy: owner }, { status: 'sent', attempts: mail.attempts + 1, sentAt: now, claimedBy: null });
    return r.affected === 1;
  }

  /** The claimed mail could not be delivered: the attempt and its error are kept, and when to try again. */
  async markFailed(mail: MailOutboxEntity, owner: string, error: string, nextAttemptAt: Date): Promise<boolean> {
    const r = await this.ds
      .getRepository(MailOutboxEntity)
      .update({ key: mail.key, claimedBy: owner }, { attempts: mail.attempts + 1, lastError: clip(error, 500), nextAttemptAt, claimedBy: null });
    return r.affected === 1;
  }

  get(eventKey: string): Promise<MailOutboxEntity | null> {
    return this.ds.getRepository(MailOutboxEntity).findOneBy({ key: outboxKey(eventKey) });
  }

  async backlog(): Promise<MailBacklog> {
    const repo = this.ds.getRepository(MailOutboxEntity);
    const [pending, failing, oldest] = await Promise.all([
      repo.countBy({ status: 'pending' }),
      repo.countBy({ status: 'pending', attempts: MoreThan(0) }),
      repo.findOne({ select: { key: true, createdAt: true }, where: { status: 'pending' }, order: { createdAt: 'ASC' } }),
    ]);
    return { pending, failing, oldestPendingAt: oldest?.createdAt.toISOString() ?? null };
  }
}
