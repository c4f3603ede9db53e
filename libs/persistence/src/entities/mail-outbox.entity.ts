import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type MailStatus = 'pending' | 'sent';

/**
 * A mail waiting to go out, or gone. The key is the id of the event the mail tells of, so a
 * retried activity queues it once; the worker's dispatcher delivers it and retries it later.
 */
@Entity('mail_outbox')
@Index('ix_mail_outbox_due', ['status', 'nextAttemptAt'])
export class MailOutboxEntity {
  @PrimaryColumn({ name: 'mail_key', type: 'varchar', length: 191 })
  key: string;

  @Column({ type: 'simple-json' })
  recipients: string[];

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ name: 'body_text', type: 'text' })
  text: string;

  @Column({ name: 'body_html', type: 'text' })
  html: string;

  @Column({ type: 'varchar', length: 16 })
  status: MailStatus;

  /** Delivery attempts made, the successful one included. */
  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** When a dispatcher may (next) take it; while one holds it, when that claim lapses. */
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  /** The dispatcher holding it now, or null. */
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;
}
