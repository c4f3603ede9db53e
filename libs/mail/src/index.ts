export * from './compose';
export * from './mail-transport';
export * from './mailer';
export * from './mail.module';
