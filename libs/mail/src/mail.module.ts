import { Module } from '@nestjs/common';
import { MailTransport, SmtpMailTransport } from './mail-transport';
import { TaskMailer } from './task-mailer';

@Module({
  providers: [{ provide: MailTransport, useClass: SmtpMailTransport }, TaskMailer],
  exports: [TaskMailer, MailTransport],
})
export class MailModule {}
