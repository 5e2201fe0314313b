import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { AppConfig } from '../config/config';
import { OutboxMessageEntity } from './outbox-message.entity';

export interface MailTransport {
  /** How many messages the worker may hand to this transport at once. */
  readonly concurrency: number;
  send(message: OutboxMessageEntity, from: string): Promise<void>;
  close(): void;
}

/**
 * Connections an api instance keeps open to the SMTP relay, and so the messages it sends at
 * once. Five is nodemailer's default and what common relays accept from one client; a relay
 * with other limits is configured in SMTP_URL (`?maxConnections=…`, or `?pool=false`).
 */
export const SMTP_MAX_CONNECTIONS = 5;

/**
 * Real SMTP (SMTP_URL), over pooled connections: opening a connection (greeting, EHLO,
 * STARTTLS, AUTH) costs more than sending a message, so a batch of convocations reuses a
 * few open connections instead of opening one per message. Each sendMail still resolves only
 * once the relay has accepted that message (its reply to DATA), so the outbox marks a
 * message SENT only after acceptance, as before.
 */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  readonly concurrency: number;

  constructor(smtpUrl: string) {
    // Parameters in the URL win over these defaults: the relay's limits are the operator's to set.
    const fromUrl: SMTPConnection.Options & { pool?: boolean; maxConnections?: number } = parseConnectionUrl(smtpUrl);
    const pool = fromUrl.pool ?? true;
    const maxConnections = fromUrl.maxConnections ?? SMTP_MAX_CONNECTIONS;
    this.transporter = pool ? createTransport({ ...fromUrl, pool: true, maxConnections }) : createTransport(smtpUrl);
    this.concurrency = pool ? maxConnections : 1;
  }

  async send(message: OutboxMessageEntity, from: string): Promise<void> {
    await this.transporter.sendMail(toNodemailer(message, from));
  }

  close(): void {
    this.transporter.close();
  }
}

/** Demo mode without SMTP_URL: each message is written as an .eml file under DATA_DIR/mail. */
export class FileMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  readonly concurrency = 1;

  constructor(private readonly dir: string) {
    this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: OutboxMessageEntity, from: string): Promise<void> {
    const info = (await this.transporter.sendMail(toNodemailer(message, from))) as { message: Buffer };
    await mkdir(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await writeFile(join(this.dir, `${stamp}-${message.id}.eml`), info.message);
  }

  close(): void {
    this.transporter.close();
  }
}

export function createMailTransport(config: AppConfig): MailTransport {
  return config.smtpUrl ? new SmtpMailTransport(config.smtpUrl) : new FileMailTransport(join(config.dataDir, 'mail'));
}

function toNodemailer(m: OutboxMessageEntity, from: string) {
  return {
    from,
    to: m.recipient,
    subject: m.subject,
    text: m.textBody,
    html: m.htmlBody,
    headers: { 'X-CDLP-Message-Id': m.id },
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content, 'base64'),
      contentType: a.method ? `${a.contentType}; method=${a.method}` : a.contentType,
    })),
  };
}
