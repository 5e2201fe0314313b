import { SMTPServer } from 'smtp-server';

/** A message as the loopback SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface LoopbackSmtp {
  port: number;
  url: string;
  mails: ReceivedMail[];
  waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (plain text, no authentication) that keeps what it receives. */
export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(mails)) {
        if (Date.now() > deadline)
          throw new Error(`The expected e-mails did not arrive (${mails.length} received).`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The attachments of a raw MIME message: file name and content type of each part. */
export function attachmentsOf(raw: string): { filename: string; contentType: string }[] {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  const out: { filename: string; contentType: string }[] = [];
  for (const part of unfolded.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const headers = part.split(/\r?\n\r?\n/)[0];
    const filename = /filename\*?=(?:"([^"]+)"|([^;\r\n]+))/i.exec(headers);
    if (!filename) continue;
    const type = /content-type:\s*([^;\r\n]+)/i.exec(headers);
    out.push({
      filename: (filename[1] ?? filename[2]).trim(),
      contentType: (type?.[1] ?? '').trim().toLowerCase(),
    });
  }
  return out;
}
