import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SittingDto } from '@cdlp/shared';
import { addDays } from '@cdlp/shared';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { DEMO_MEMBERS } from '../../src/demo/demo-data';
import { ConvocationsService } from '../../src/sittings/convocations.service';
import { demoRequestId } from '../psp-fixtures';
import { TestSmtp, startSmtp } from '../smtp';
import {
  OutboxMail,
  PLACE,
  SittingBody,
  addPolicyItem,
  convene,
  createSitting,
  dayFromNow,
  expectFieldError,
  icsUtc,
  memberId,
  parisInstant,
  pdfText,
  sittingBody,
  sittingMails,
  unfoldIcs,
} from '../sitting-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

/** Names of the people of the demo dossiers (DP-2: never in an agenda, a convocation or a mail). */
const DOSSIER_NAMES = ['Diallo', 'Okafor', 'Popescu', 'Garnier', 'Mensah', 'Lin Wei', 'Lopes', 'Camara', 'Kovalenko', 'Nkemelu', 'Haddou'];
const MEMBER_NAMES = DEMO_MEMBERS.map((m) => `${m.firstName} ${m.lastName}`);

const decoded = (a: { content: string }) => Buffer.from(a.content, 'base64');

describe('convocations (CONV-1, CONV-2, MEMB-1, DP-2)', () => {
  let t: TestApp;
  let sec: TestClient;
  let member: TestClient;
  /** An examination sitting 10 days from now, with the demo's complete requests. */
  let sitting: SittingDto;
  let day: string;
  let references: string[];

  beforeAll(async () => {
    t = await startTestApp();
    [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
    day = dayFromNow(t, 10);
    sitting = await createSitting(sec, sittingBody('EXAMINATION', day));
    const ids = await Promise.all(['Mensah', 'Garnier', 'Wei'].map((n) => demoRequestId(t, n)));
    const rows: { reference: string }[] = await t.ds.query(`SELECT reference FROM psp_request WHERE id = ANY($1) ORDER BY reference`, [ids]);
    references = rows.map((r) => r.reference);
    expect(sitting.agenda.map((i) => i.reference).sort()).toEqual(references);
  });

  let clockMoved = false;
  /** Moves the api's clock; sessions idle for 30 minutes of that clock expire, so log in again. */
  async function setClock(instant: Date): Promise<void> {
    t.clock.setNow(instant);
    clockMoved = true;
    [sec, member] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member)]);
  }

  afterEach(async () => {
    if (clockMoved) await setClock(new Date());
    clockMoved = false;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('CONV-2: 5 days, or urgency with a reason', () => {
    it('CONV-2: convening 3 days before without urgency is refused (400, field urgent) and nothing is sent', async () => {
      await setClock(parisInstant(`${addDays(day, -3)}T12:00`));
      const r = await sec.post<SittingBody>(`/sittings/${sitting.id}/convocation`, { urgent: false });
      expectFieldError(
        r,
        'urgent',
        'La convocation partirait 3 jours avant la séance, moins que les 5 jours requis (CONV-2) : cochez « urgence » et indiquez le motif.',
      );
      const after = await sec.get<SittingBody>(`/sittings/${sitting.id}`);
      expect(after.body).toMatchObject({ state: 'PLANNED', convocationOnTime: false, urgent: false, agendaLocked: false });
      expect(await sittingMails(t, sitting.id)).toEqual([]);
    });

    it('CONV-2: the urgency needs a reason, not blank', async () => {
      await setClock(parisInstant(`${addDays(day, -3)}T12:00`));
      expectFieldError(await sec.post(`/sittings/${sitting.id}/convocation`, { urgent: true }), 'urgencyReason', "Le motif de l'urgence est obligatoire.");
      expectFieldError(
        await sec.post(`/sittings/${sitting.id}/convocation`, { urgent: true, urgencyReason: '   ' }),
        'urgencyReason',
        "Le motif de l'urgence est obligatoire.",
      );
      expect(await sittingMails(t, sitting.id)).toEqual([]);
    });

    it('CONV-2: with urgency and a reason the sitting is CONVENED; flag and reason are kept (GET, audit)', async () => {
      await setClock(parisInstant(`${addDays(day, -3)}T12:00`));
      const reason = 'Mise à l’abri immédiate d’une personne menacée : avis nécessaire avant la fin du mois.';
      sitting = await convene(sec, sitting.id, { urgent: true, urgencyReason: `  ${reason} ` });
      expect(sitting).toMatchObject({ state: 'CONVENED', urgent: true, urgencyReason: reason, agendaLocked: true });
      expect(Math.abs(new Date(sitting.convokedAt as string).getTime() - t.clock.now().getTime())).toBeLessThan(60_000);
      const seen = await member.get<SittingBody>(`/sittings/${sitting.id}`);
      expect(seen.body).toMatchObject({ urgent: true, urgencyReason: reason });
      const audit: { details: Record<string, unknown> }[] = await t.ds.query(
        `SELECT details FROM audit_event WHERE action = 'sitting.convened' AND entity_id = $1`,
        [sitting.id],
      );
      expect(audit.map((a) => a.details)).toEqual([{ members: 15, daysBefore: 3, urgent: true, urgencyReason: reason, rule: 'CONV-2' }]);
    });
  });

  describe('the convocation messages (CONV-1)', () => {
    let convocations: OutboxMail[];

    beforeAll(async () => {
      convocations = await sittingMails(t, sitting.id, 'sitting-convocation');
    });

    it('CONV-1: each convened member gets one message, queued in the outbox, with the agenda PDF and the calendar invitation', async () => {
      const convened = sitting.members.map((m) => m.memberId);
      expect(convened).toHaveLength(15);
      const emails: { id: string; email: string }[] = await t.ds.query(`SELECT id, email FROM member WHERE id = ANY($1)`, [convened]);
      expect(convocations.map((m) => m.recipient).sort()).toEqual(emails.map((e) => e.email).sort());
      for (const mail of convocations) {
        expect(mail.status).toBe('QUEUED');
        expect(mail.subject).toBe(`Convocation : séance n° ${sitting.number} de la commission, ${mail.subject.split(', ').slice(1).join(', ')}`);
        expect(mail.attachments.map((a) => [a.filename, a.contentType, a.method ?? null])).toEqual([
          [`ordre-du-jour-seance-${sitting.number}.pdf`, 'application/pdf', null],
          ['seance.ics', 'text/calendar; charset=utf-8', 'REQUEST'],
        ]);
        expect(mail.text_body).toContain('Convocation en urgence : Mise à l’abri immédiate');
        for (const name of DOSSIER_NAMES) expect(mail.text_body).not.toContain(name);
      }
      // The sitting page shows each member's message and its delivery status.
      for (const m of sitting.members) {
        const id = emails.find((e) => e.id === m.memberId)?.email;
        expect(m.convocationStatus).toBe('QUEUED');
        expect(convocations.find((c) => c.id === m.convocationMessageId)?.recipient).toBe(id);
      }
    });

    it('DP-2: the agenda PDF holds the sitting number, the PSP references and the urgency, never a person’s name', () => {
      for (const mail of convocations) {
        const pdf = decoded(mail.attachments[0]);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const text = pdfText(pdf).replace(/\s+/g, ' ');
        expect(text).toContain(`Ordre du jour de la séance n° ${sitting.number}`);
        for (const ref of references) expect(text).toContain(ref);
        expect(text).toContain('Convocation en urgence (CONV-2) : Mise à l’abri immédiate');
        expect(text).toContain(PLACE);
        for (const name of [...DOSSIER_NAMES, ...MEMBER_NAMES]) expect(text).not.toContain(name);
      }
    });

    it('CONV-1: the .ics is an invitation (METHOD:REQUEST) with the place and DTSTART in UTC', async () => {
      const ddets = convocations.find((m) => m.recipient === 'ddets@demo.cdlp.fr') as OutboxMail;
      const ics = unfoldIcs(decoded(ddets.attachments[1]).toString('utf8'));
      expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(ics.split('\r\n')).toEqual(
        expect.arrayContaining([
          'METHOD:REQUEST',
          `UID:sitting-${sitting.id}@cdlp`,
          `DTSTART:${icsUtc(parisInstant(`${day}T14:00`))}`,
          `DTEND:${icsUtc(new Date(parisInstant(`${day}T14:00`).getTime() + 2 * 3_600_000))}`,
          'LOCATION:Préfecture de la Vienne\\, salle Jean Moulin',
          'STATUS:CONFIRMED',
        ]),
      );
      // The URI scheme is case-insensitive (RFC 3986) and CN may be quoted (RFC 5545 §3.2).
      expect(ics).toMatch(/\r\nATTENDEE;[^\r]*CN="?Marc Delorme"?(;[^\r]*)?:mailto:ddets@demo\.cdlp\.fr\r\n/i);
      // RFC 5545: no line longer than 75 octets before unfolding.
      const raw = decoded(ddets.attachments[1]).toString('utf8');
      expect(raw.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    });

    it('MEMB-1: suppléants get a copy of their titulaire’s convocation, with the same attachments', async () => {
      const copies = await sittingMails(t, sitting.id, 'sitting-convocation-copy');
      expect(copies.map((m) => m.recipient).sort()).toEqual(
        ['ddets-s@demo.cdlp.fr', 'elue-s@demo.cdlp.fr', 'gendarmerie-s@demo.cdlp.fr', 'sg@demo.cdlp.fr'].sort(),
      );
      const nadia = copies.find((m) => m.recipient === 'ddets-s@demo.cdlp.fr') as OutboxMail;
      expect(nadia.text_body).toContain('Bonjour Mme Nadia Benali,');
      expect(nadia.text_body).toContain('en votre qualité de suppléant(e) de M. Marc Delorme');
      expect(nadia.attachments.map((a) => a.filename)).toEqual([`ordre-du-jour-seance-${sitting.number}.pdf`, 'seance.ics']);
      expect(unfoldIcs(decoded(nadia.attachments[1]).toString('utf8'))).toMatch(/\r\nATTENDEE;[^\r]*:mailto:ddets-s@demo\.cdlp\.fr\r\n/i);
    });

    it('CONV-1: resending to one member creates a new message; the first stays in the history', async () => {
      const ddets = await memberId(t, 'ddets');
      const before = sitting.members.find((m) => m.memberId === ddets)?.convocationMessageId;
      const r = await sec.post<SittingBody>(`/sittings/${sitting.id}/convocation/resend`, { memberId: ddets });
      expect(r.status).toBe(200);
      const mine = (await sittingMails(t, sitting.id, 'sitting-convocation')).filter((m) => m.recipient === 'ddets@demo.cdlp.fr');
      expect(mine).toHaveLength(2);
      const after = r.body.members.find((m) => m.memberId === ddets)?.convocationMessageId;
      expect(after).not.toBe(before);
      expect(mine.map((m) => m.id)).toEqual(expect.arrayContaining([before, after]));
      expect((await sittingMails(t, sitting.id, 'sitting-convocation')).length).toBe(16);
      // Not convened (COMP-3) → 404; a member cannot resend.
      expect((await sec.post(`/sittings/${sitting.id}/convocation/resend`, { memberId: await memberId(t, 'ase') })).status).toBe(404);
      expect((await member.post(`/sittings/${sitting.id}/convocation/resend`, { memberId: ddets })).status).toBe(403);
    });
  });

  describe('reminders', () => {
    it('two days before, members without an answer get a reminder, once', async () => {
      const day2 = dayFromNow(t, 30);
      const s = await createSitting(sec, sittingBody('POLICY', day2));
      await addPolicyItem(sec, s.id, 'Stratégie départementale 2027-2029');
      const convened = await convene(sec, s.id);
      expect(convened.members).toHaveLength(17);
      expect((await member.post(`/sittings/${s.id}/attendance`, { answer: 'PRESENT' })).status).toBe(200);
      const [magistrat, pj] = await Promise.all([memberId(t, 'magistrat'), memberId(t, 'pj')]);
      expect((await sec.post(`/sittings/${s.id}/attendance`, { answer: 'ABSENT', memberId: magistrat })).status).toBe(200);
      expect((await sec.post(`/sittings/${s.id}/attendance`, { answer: 'REMOTE', memberId: pj })).status).toBe(200);

      const reminders = t.app.get(ConvocationsService);
      await setClock(parisInstant(`${addDays(day2, -3)}T15:00`));
      expect(await t.inScope('86', () => reminders.sendReminders())).toBe(0);
      expect(await sittingMails(t, s.id, 'sitting-reminder')).toEqual([]);

      await setClock(parisInstant(`${addDays(day2, -2)}T15:00`));
      expect(await t.inScope('86', () => reminders.sendReminders())).toBe(14);
      const sent = await sittingMails(t, s.id, 'sitting-reminder');
      const recipients = sent.map((m) => m.recipient);
      expect(recipients).toHaveLength(14);
      expect(new Set(recipients).size).toBe(14);
      for (const answered of ['ddets', 'magistrat', 'pj']) expect(recipients).not.toContain(`${answered}@demo.cdlp.fr`);
      expect(recipients).toContain('ase@demo.cdlp.fr');
      expect(sent[0].subject).toMatch(new RegExp(`^Rappel : séance n° ${s.number} le `));
      const linked: { n: number }[] = await t.ds.query(
        `SELECT count(*)::int AS n FROM sitting_member WHERE sitting_id = $1 AND reminder_message_id IS NOT NULL`,
        [s.id],
      );
      expect(linked[0].n).toBe(14);

      // Once: the hourly job runs again, nothing more is sent.
      t.clock.advance(3_600_000);
      expect(await t.inScope('86', () => reminders.sendReminders())).toBe(0);
      expect(await sittingMails(t, s.id, 'sitting-reminder')).toHaveLength(14);
    });
  });
});

describe('convocations through an SMTP outage (outbox)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let worker: OutboxWorker;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    worker = t.app.get(OutboxWorker);
  });

  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await smtp?.stop();
  });

  /** The worker takes at most 20 messages a run: run it until nothing is due any more. */
  async function drain(): Promise<number> {
    let total = 0;
    for (let i = 0; i < 20; i++) {
      total += await worker.processDue();
      const due: { n: number }[] = await t.ds.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE status = 'QUEUED' AND next_attempt_at <= $1`,
        [t.clock.now()],
      );
      if (due[0].n === 0) return total;
    }
    throw new Error('the outbox does not drain');
  }

  /** The base64 body of the first MIME part of this content type. */
  function mimePart(raw: string, contentType: RegExp): Buffer | null {
    const lines = raw.split('\r\n');
    const start = lines.findIndex((l) => contentType.test(l));
    if (start < 0) return null;
    let i = start;
    while (i < lines.length && lines[i] !== '') i++;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '' && !lines[i].startsWith('--'); i++) body.push(lines[i]);
    return Buffer.from(body.join(''), 'base64');
  }

  it('convocations stay QUEUED with attempts and the error while SMTP is down, then all leave with their attachments', async () => {
    // The mail queued by the demo seeding leaves first.
    await drain();
    smtp.mails.length = 0;
    const sec = await t.login(DEMO.secretariat);
    const s = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 12)));
    await convene(sec, s.id);
    const queued = await sittingMails(t, s.id);
    // 15 titulaires (COMP-3 members are not convened) and the copies of 4 suppléants.
    expect(queued).toHaveLength(19);

    await smtp.stop();
    expect(await drain()).toBe(0);
    const failed = await sittingMails(t, s.id);
    for (const m of failed) {
      expect(m.status).toBe('QUEUED');
      expect(m.attempts).toBe(1);
      expect(m.last_error).toEqual(expect.any(String));
      expect(m.last_error?.length).toBeGreaterThan(0);
    }
    expect(smtp.mails).toHaveLength(0);
    // The sitting page shows the delivery problem to the secretariat.
    const page = await sec.get<SittingBody>(`/sittings/${s.id}`);
    expect(page.body.members.every((m) => m.convocationStatus === 'QUEUED' && m.convocationError)).toBe(true);

    await smtp.restart();
    // Backoff: nothing is retried before the next attempt is due.
    expect(await worker.processDue()).toBe(0);
    t.clock.advance(60_000);
    expect(await drain()).toBe(19);
    const sent = await sittingMails(t, s.id);
    expect(sent.every((m) => m.status === 'SENT' && m.attempts === 2 && m.last_error === null)).toBe(true);

    await smtp.waitFor(19);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(queued.map((m) => m.recipient).sort());
    for (const mail of smtp.mails) {
      expect(mail.raw).toMatch(/Content-Type: application\/pdf/i);
      expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
      const pdf = mimePart(mail.raw, /^Content-Type: application\/pdf/i);
      expect(pdfText(pdf as Buffer)).toContain(`séance n° ${s.number}`);
      const ics = unfoldIcs((mimePart(mail.raw, /^Content-Type: text\/calendar/i) as Buffer).toString('utf8'));
      expect(ics).toContain('METHOD:REQUEST');
      expect(ics.toLowerCase()).toContain(`mailto:${mail.to[0]}`);
    }
    // Each outbox row was delivered exactly once.
    const ids = smtp.mails.map((m) => /X-CDLP-Message-Id: ([0-9a-f-]+)/i.exec(m.raw)?.[1]);
    expect(new Set(ids)).toEqual(new Set(queued.map((m) => m.id)));
    expect(existsSync(join(t.dataDir, 'mail'))).toBe(false);
  });
});
