import { Module } from '@nestjs/common';
import { MailTransport, SmtpMailTransport } from './mail-transport';
import { Mailer } from './mailer';

@Module({
  providers: [{ provide: MailTransport, useClass: SmtpMailTransport }, Mailer],
  exports: [Mailer, MailTransport],
})
export class MailModule {}
