import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/config';
import { OutboxMessageEntity } from './outbox-message.entity';

export interface MailTransport {
  send(message: OutboxMessageEntity, from: string): Promise<void>;
  close(): void;
}

/** Real SMTP (SMTP_URL). */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(smtpUrl: string) {
    this.transporter = createTransport(smtpUrl, {});
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
