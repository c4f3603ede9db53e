import { Injectable, Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/src';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Where mail goes: the port every sender depends on. */
export abstract class MailTransport {
  abstract send(mail: OutgoingMail): Promise<void>;
}

@Injectable()
export class SmtpMailTransport extends MailTransport {
  private readonly logger = new Logger(SmtpMailTransport.name);
  private readonly transporter: Transporter;

  constructor(private readonly config: AppConfig) {
    super();
    // Short timeouts: a hung server must fail an attempt well inside the dispatcher's claim on the mail.
    this.transporter = createTransport({ url: config.mail.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }, { from: config.mail.from });
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (mail.to.length === 0) return;
    await this.transporter.sendMail({ from: this.config.mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    this.logger.log(`mail "${mail.subject}" to ${mail.to.length} recipient(s)`);
  }
}
