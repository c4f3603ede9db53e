import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml as esc } from './compose';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * Development SMTP sink: accepts every message, keeps it as a JSON file, and shows the
 * messages on a page (`/`) and as JSON (`/messages?to=`). Never used in production.
 */
export class DevMailSink {
  private smtp?: SMTPServer;
  private http?: Server;
  private readonly mails: CaughtMail[] = [];

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      this.mails.push(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    }
  }

  async start(smtpPort: number, httpPort: number, host = '127.0.0.1'): Promise<void> {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.keep({
              id: `${Date.now().toString().padStart(15, '0')}-${this.mails.length}`,
              receivedAt: new Date().toISOString(),
              from: parsed.from?.text ?? '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.smtp!.once('error', reject);
      this.smtp!.listen(smtpPort, host, () => resolve());
    });
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sink');
      if (url.pathname === '/messages') {
        const to = url.searchParams.get('to');
        const list = to ? this.mails.filter((m) => m.to.includes(to)) : this.mails;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(list));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(this.page());
    });
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(httpPort, host, () => resolve());
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.smtp ? this.smtp.close(() => r()) : r()));
    await new Promise<void>((r) => (this.http ? this.http.close(() => r()) : r()));
  }

  private keep(mail: CaughtMail): void {
    this.mails.push(mail);
    writeFileSync(join(this.dir, `${mail.id}.json`), JSON.stringify(mail));
  }

  private page(): string {
    const rows = [...this.mails]
      .reverse()
      .map((m) => `<details><summary><b>${esc(m.subject)}</b> → ${esc(m.to.join(', '))} <small>${esc(m.receivedAt)}</small></summary><div class="body">${m.html || `<pre>${esc(m.text)}</pre>`}</div></details>`)
      .join('\n');
    return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>开发邮箱</title><style>body{font-family:sans-serif;margin:1rem}details{border-bottom:1px solid #ddd;padding:.5rem 0}.body{padding:.5rem;background:#f7f7f7}</style><h1>开发邮箱 (${this.mails.length})</h1>${rows || '<p>暂无邮件</p>'}</html>`;
  }
}
