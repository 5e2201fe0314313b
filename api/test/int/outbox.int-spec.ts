import { SMTP_MAX_CONNECTIONS } from '../../src/core/outbox/mail-transport';
import { OutboxService } from '../../src/core/outbox/outbox.service';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { createUser } from '../fixtures';
import { TestSmtp, parseMail, startSmtp } from '../smtp';
import { TestApp, startTestApp } from '../test-app';

interface OutboxRow {
  id: string;
  template: string;
  recipient: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
  text_body: string;
}

describe('e-mail outbox with a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      seedDemo: false,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, OUTBOX_POLL_MS: '50', OUTBOX_MAX_ATTEMPTS: '3' },
    });
    worker = t.app.get(OutboxWorker);
  });

  afterAll(async () => {
    await worker.stop();
    await t.close();
    await smtp.stop();
  });

  async function requestReset(email: string): Promise<OutboxRow> {
    const r = await t.anon().post('/auth/password-reset/request', { email });
    expect(r.status).toBe(202);
    const rows: OutboxRow[] = await t.ds.query(
      `SELECT * FROM outbox_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`,
      [email],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function row(id: string): Promise<OutboxRow> {
    const rows: OutboxRow[] = await t.ds.query(`SELECT * FROM outbox_message WHERE id = $1`, [id]);
    return rows[0];
  }

  function tokenOf(text: string): string {
    const m = /reinitialiser-mot-de-passe\?token=([A-Za-z0-9_%-]+)/.exec(text);
    if (!m) throw new Error('no link');
    return m[1];
  }

  it('the running worker delivers a password-reset mail with a text and an HTML part', async () => {
    const u = await createUser(t, { email: 'destinataire@example.fr' });
    worker.start();
    try {
      const queued = await requestReset(u.email);
      await smtp.waitFor(1);
      const mail = smtp.mails[0];
      expect(mail.to).toEqual(['destinataire@example.fr']);
      expect(mail.from).toBe('ne-pas-repondre@cdlp.localhost');
      const parsed = parseMail(mail.raw);
      expect(parsed.subject).toBe('Réinitialisation de votre mot de passe');
      expect(parsed.headers.get('to')).toContain('destinataire@example.fr');
      expect(parsed.headers.get('x-cdlp-message-id')).toBe(queued.id);
      const token = tokenOf(queued.text_body);
      expect(parsed.text).toContain('Choisir un nouveau mot de passe : ');
      expect(parsed.text).toContain(`${t.config.publicUrl}/reinitialiser-mot-de-passe?token=${token}`);
      expect(parsed.html).toContain('<html lang="fr">');
      expect(parsed.html).toContain(`href="${t.config.publicUrl}/reinitialiser-mot-de-passe?token=${token}"`);

      // The worker marks the row as sent shortly after.
      for (let i = 0; i < 100 && (await row(queued.id)).status !== 'SENT'; i++) await new Promise((r) => setTimeout(r, 20));
      const sent = await row(queued.id);
      expect(sent).toMatchObject({ status: 'SENT', attempts: 1, last_error: null });
      expect(sent.sent_at).not.toBeNull();
    } finally {
      await worker.stop();
    }
  });

  it('keeps the message queued with a backoff while SMTP is down, and sends it once SMTP is back', async () => {
    const u = await createUser(t);
    const received = smtp.mails.length;
    await smtp.stop();

    const queued = await requestReset(u.email);
    expect(queued).toMatchObject({ status: 'QUEUED', attempts: 0 });
    expect(await worker.processDue()).toBe(0);
    const failed = await row(queued.id);
    expect(failed.status).toBe('QUEUED');
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/ECONNREFUSED/);
    // First retry after 5 seconds.
    expect(failed.next_attempt_at.getTime() - t.clock.now().getTime()).toBeGreaterThan(4_000);
    expect(failed.next_attempt_at.getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(5_000);

    // Not due yet: a new pass leaves it alone, even with SMTP back.
    await smtp.restart();
    expect(await worker.processDue()).toBe(0);
    expect((await row(queued.id)).attempts).toBe(1);

    t.clock.advance(6_000);
    expect(await worker.processDue()).toBe(1);
    const sent = await row(queued.id);
    expect(sent).toMatchObject({ status: 'SENT', attempts: 2, last_error: null });
    expect(smtp.mails).toHaveLength(received + 1);
    const parsed = parseMail(smtp.mails[received].raw);
    expect(smtp.mails[received].to).toEqual([u.email]);
    expect(parsed.text).toContain(tokenOf(queued.text_body));
  });

  it('backs off exponentially and gives up after OUTBOX_MAX_ATTEMPTS; a requeued message is sent', async () => {
    const u = await createUser(t);
    await smtp.stop();
    const queued = await requestReset(u.email);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await worker.processDue()).toBe(0);
      const r = await row(queued.id);
      expect(r.attempts).toBe(attempt);
      delays.push(r.next_attempt_at.getTime() - t.clock.now().getTime());
      expect(r.status).toBe(attempt < 3 ? 'QUEUED' : 'FAILED');
      t.clock.advance(3_600_000);
    }
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(delays[0]).toBeGreaterThan(4_000);
    expect(delays[1]).toBeGreaterThan(9_000);

    // Failed messages are kept, never retried on their own.
    await smtp.restart();
    expect(await worker.processDue()).toBe(0);
    expect((await row(queued.id)).status).toBe('FAILED');

    await t.inScope('86', () => t.app.get(OutboxService).requeue(queued.id));
    expect(await worker.processDue()).toBe(1);
    expect(await row(queued.id)).toMatchObject({ status: 'SENT', last_error: null });
  });

  it('two workers running at the same time send each message exactly once', async () => {
    const before = smtp.mails.length;
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser(t)));
    for (const u of users) await requestReset(u.email);
    const [a, b] = await Promise.all([worker.processDue(), worker.processDue()]);
    expect(a + b).toBe(6);
    expect(smtp.mails).toHaveLength(before + 6);
    const recipients = smtp.mails.slice(before).flatMap((m) => m.to).sort();
    expect(recipients).toEqual(users.map((u) => u.email).sort());
    expect(await worker.processDue()).toBe(0);
  });

  it('sends a batch over a few pooled SMTP connections (at most SMTP_MAX_CONNECTIONS), not one connection per message', async () => {
    const before = smtp.mails.length;
    const users = await Promise.all(Array.from({ length: 12 }, () => createUser(t)));
    for (const u of users) await requestReset(u.email);
    const opened = smtp.connections;
    expect(await worker.processDue()).toBe(12);
    expect(smtp.mails).toHaveLength(before + 12);
    // Connections left open by the previous tests may be reused: at most the pool's size is opened.
    expect(smtp.connections - opened).toBeLessThanOrEqual(SMTP_MAX_CONNECTIONS);
    // The next batch reuses the open connections.
    const more = await Promise.all(Array.from({ length: 3 }, () => createUser(t)));
    for (const u of more) await requestReset(u.email);
    const reused = smtp.connections;
    expect(await worker.processDue()).toBe(3);
    expect(smtp.connections).toBe(reused);
  });

  it('a message the relay refuses is kept with its error and a backoff, while the rest of the batch, sent at the same time, is SENT', async () => {
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser(t)));
    const refusedUser = users[3];
    smtp.refused.add(refusedUser.email);
    try {
      const queued: OutboxRow[] = [];
      for (const u of users) queued.push(await requestReset(u.email));
      expect(await worker.processDue()).toBe(5);
      for (const q of queued) {
        const r = await row(q.id);
        if (q.recipient === refusedUser.email) {
          expect(r).toMatchObject({ status: 'QUEUED', attempts: 1, sent_at: null });
          expect(r.last_error).toMatch(/550/);
          expect(r.next_attempt_at.getTime() - t.clock.now().getTime()).toBeGreaterThan(4_000);
        } else {
          expect(r).toMatchObject({ status: 'SENT', attempts: 1, last_error: null });
        }
      }
    } finally {
      smtp.refused.clear();
    }
  });
});
