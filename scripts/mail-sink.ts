import { DevMailSink } from '../libs/mail/src/dev-mail-sink';

/** The development SMTP sink as its own process: `mail-sink <dir> <smtpPort> <httpPort>`. */
async function main(): Promise<void> {
  const [dir = 'data/mail', smtp = '1025', http = '8025'] = process.argv.slice(2);
  const sink = new DevMailSink(dir);
  await sink.start(Number(smtp), Number(http));
  console.log(`mail sink: smtp://127.0.0.1:${smtp}, messages at http://127.0.0.1:${http}/`);
  const stop = () => void sink.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(`mail sink failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
