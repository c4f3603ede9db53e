import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../../libs/config/src';
import { MailTransport } from '../../../libs/mail/src';
import { MailOutboxStore, type MailOutboxEntity } from '../../../libs/persistence/src';

/** How long a claimed mail is this dispatcher's: well over one SMTP attempt (see SmtpMailTransport's timeouts). */
const CLAIM_MS = 120_000;
/** From this attempt on, a failing mail is logged as an error, not a warning. */
const LOUD_AFTER = 10;

/** The wait after the n-th failed attempt: 5 s, 10 s, 20 s … up to the cap. */
export function retryDelayMs(attempts: number, capMs: number): number {
  return Math.min(capMs, 5_000 * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
}

export interface DispatchRound {
  sent: number;
  failed: number;
}

/**
 * Delivers the mail outbox: every poll it claims the due mails one at a time, sends each through
 * the transport and marks it sent, or records the failed attempt and its error and tries again
 * later with a capped back-off. It never gives up on a mail: a failing one stays pending, with its
 * attempts and last error on the row, a warning (an error from attempt 10 on) in the log, and the
 * backlog on the API's /health. Several workers may run: a mail is claimed by one of them at a time.
 */
@Injectable()
export class MailDispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailDispatcherService.name);
  readonly owner = `${hostname().slice(0, 40)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private stopping = false;
  private outboxDown = false;
  private wake?: () => void;
  private running?: Promise<void>;
  /** Delivered, but the database was away when it was to be marked sent: marked before anything else is claimed. */
  private unmarked: { mail: MailOutboxEntity; at: Date }[] = [];

  constructor(
    private readonly outbox: MailOutboxStore,
    private readonly transport: MailTransport,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  // Stops before the database closes in onApplicationShutdown; a send under way finishes first.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  /** One round: delivers every mail due at `clock()`. */
  async dispatchDue(clock: () => Date = () => new Date()): Promise<DispatchRound> {
    const round = { sent: 0, failed: 0 };
    while (this.unmarked.length) {
      const { mail, at } = this.unmarked[0];
      await this.markSent(mail, at);
      this.unmarked.shift();
    }
    while (!this.stopping) {
      const now = clock();
      const mail = await this.outbox.claimNext(this.owner, new Date(now.getTime() + CLAIM_MS), now);
      if (!mail) break;
      if (await this.deliver(mail, clock)) round.sent += 1;
      else round.failed += 1;
    }
    return round;
  }

  private async deliver(mail: MailOutboxEntity, clock: () => Date): Promise<boolean> {
    try {
      await this.transport.send({ to: mail.recipients, subject: mail.subject, text: mail.text, html: mail.html });
    } catch (err) {
      const attempts = mail.attempts + 1;
      const error = (err as Error).message || String(err);
      const next = new Date(clock().getTime() + retryDelayMs(attempts, this.config.mail.retryMaxMs));
      await this.outbox.markFailed(mail, this.owner, error, next);
      const line = `mail ${mail.key} "${mail.subject}" not delivered (attempt ${attempts}): ${error}; next try ${next.toISOString()}`;
      if (attempts >= LOUD_AFTER) this.logger.error(line);
      else this.logger.warn(line);
      return false;
    }
    const at = clock();
    try {
      await this.markSent(mail, at);
    } catch (err) {
      // Sent, so it must not be claimed again by this dispatcher: the next round marks it first.
      this.unmarked.push({ mail, at });
      throw err;
    }
    return true;
  }

  private async markSent(mail: MailOutboxEntity, at: Date): Promise<void> {
    if (!(await this.outbox.markSent(mail, this.owner, at))) {
      this.logger.warn(`mail ${mail.key} was delivered after its claim lapsed; another dispatcher may deliver it again`);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.dispatchDue();
        if (this.outboxDown) this.logger.log('mail outbox reachable again');
        this.outboxDown = false;
      } catch (err) {
        // The database is away: claimed mails lapse back to pending; try again next poll.
        if (!this.outboxDown) this.logger.warn(`mail outbox unreachable: ${(err as Error).message}`);
        this.outboxDown = true;
      }
      await this.pause(this.config.mail.pollMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
