/** A mail's content, in Chinese: what every message of the platform becomes. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailParts {
  subject: string;
  /** The first paragraph; line breaks are kept. */
  lead: string;
  /** Lines of detail under the lead (事项, 期限, 时间 …). */
  details?: readonly string[];
  link: { href: string; label: string };
}

const FOOTER = '本邮件由村居治理平台自动发送';

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The one layout of every mail: lead, details, the link that opens the matter, the footer; text and HTML alike. */
export function composeMail(parts: MailParts): MailContent {
  const details = parts.details?.length ? parts.details : null;
  const text = [parts.lead, ...(details ? [details.join('\n')] : []), `${parts.link.label}:${parts.link.href}`, `(${FOOTER})`].join('\n\n');
  const html =
    `<p>${escapeHtml(parts.lead).replace(/\n/g, '<br>')}</p>` +
    (details ? `<p>${details.map(escapeHtml).join('<br>')}</p>` : '') +
    `<p><a href="${escapeHtml(parts.link.href)}">${escapeHtml(parts.link.label)}</a></p>` +
    `<p style="color:#888">${FOOTER}</p>`;
  return { subject: parts.subject, text, html };
}

export function formatTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
