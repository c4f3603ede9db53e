export * from './mail-transport';
export * from './task-mailer';
export * from './mail.module';
