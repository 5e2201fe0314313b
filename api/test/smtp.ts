import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: envelope and raw RFC 5322 text. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtp {
  port: number;
  mails: ReceivedMail[];
  /** SMTP connections opened by clients so far. */
  readonly connections: number;
  /** Recipients the server refuses (550), to test a message the relay does not accept. */
  refused: Set<string>;
  stop(): Promise<void>;
  /** Listens again on the same port (after stop). */
  restart(): Promise<void>;
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

/** A real SMTP server on loopback (plain text, no auth), for the outbox tests. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const refused = new Set<string>();
  let connections = 0;
  let server: SMTPServer | null = null;
  let boundPort = port;

  const listen = async (p: number): Promise<number> => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onConnect(_session, callback) {
        connections++;
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (!refused.has(address.address)) return callback();
        const err = Object.assign(new Error('Destinataire refusé (essai)'), { responseCode: 550 });
        callback(err);
      },
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
      s.server.once('error', reject);
      s.listen(p, '127.0.0.1', () => resolve());
    });
    server = s;
    return (s.server.address() as { port: number }).port;
  };

  boundPort = await listen(port);
  return {
    get port() {
      return boundPort;
    },
    mails,
    get connections() {
      return connections;
    },
    refused,
    stop: async () => {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    restart: async () => {
      await listen(boundPort);
    },
    waitFor: async (n: number, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mail(s), got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** The parts of a message the tests look at, decoded. */
export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const i = raw.indexOf('\r\n\r\n');
  const head = i >= 0 ? raw.slice(0, i) : raw;
  const body = i >= 0 ? raw.slice(i + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body };
}

function quotedPrintable(s: string): string {
  const text = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'quoted-printable') return quotedPrintable(body);
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHead(raw);
  const out: ParsedMail = { headers, subject: decodeWords(headers.get('subject') ?? ''), text: '', html: '' };
  const visit = (h: Map<string, string>, b: string): void => {
    const type = (h.get('content-type') ?? 'text/plain').toLowerCase();
    if (type.startsWith('multipart/')) {
      const boundary = /boundary="?([^";]+)"?/i.exec(h.get('content-type') ?? '')?.[1];
      if (!boundary) return;
      const parts = b.split(`--${boundary}`).slice(1);
      for (const part of parts) {
        if (part.startsWith('--')) break;
        const p = splitHead(part.replace(/^\r\n/, ''));
        visit(p.headers, p.body.replace(/\r\n$/, ''));
      }
    } else if (type.startsWith('text/plain')) {
      out.text += decodeBody(b, h.get('content-transfer-encoding'));
    } else if (type.startsWith('text/html')) {
      out.html += decodeBody(b, h.get('content-transfer-encoding'));
    }
  };
  visit(headers, body);
  return out;
}
