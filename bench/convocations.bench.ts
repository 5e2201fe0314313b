import { performance } from 'node:perf_hooks';
import type { CreateMemberDto } from '@cdlp/shared';
import { addDays, parisDate } from '@cdlp/shared';
import { UserEntity } from '../api/src/core/auth/user.entity';
import { SMTP_MAX_CONNECTIONS } from '../api/src/core/outbox/mail-transport';
import { OutboxWorker } from '../api/src/core/outbox/outbox.worker';
import { MembersService } from '../api/src/registry/members.service';
import { ConvocationsService } from '../api/src/sittings/convocations.service';
import { AgendaService } from '../api/src/sittings/agenda.service';
import { SittingsService } from '../api/src/sittings/sittings.service';
import { startSmtp } from '../api/test/smtp';
import { DEMO, startTestApp } from '../api/test/test-app';
import { SuiteResult, ms, out, stats, targetRatio } from './report';

export const about = 'CONV-1: convene 40 members (agenda PDF + .ics each) through the outbox to a local SMTP server';

/**
 * CONV-1: the secretariat convenes a sitting of 40 members. Measured through the real
 * services: ConvocationsService.convene (agenda PDF, one .ics per member, one outbox row
 * each, in one transaction) then the real OutboxWorker, polling as in production
 * (OUTBOX_POLL_MS, 20 messages a batch, batches repeated while full), sending by SMTP to
 * smtp-server on loopback, over pooled connections (and, for comparison, without a pool).
 * Targets: all queued in under 1 s; all received by the SMTP server under 5 s after the click.
 * BENCH_RUNS sets the number of sittings convened (default 3); prints figures, asserts nothing.
 */
const MEMBERS = 40;
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 3));
const QUEUE_TARGET_MS = 1000;
const DELIVERY_TARGET_MS = 5000;

interface Run {
  items: number;
  members: number;
  messages: number;
  queue: number;
  delivered: number;
  size: number;
}

export async function run(): Promise<SuiteResult> {
  out(`  SMTP_URL as configured (pooled: up to ${SMTP_MAX_CONNECTIONS} connections kept open, a batch sent over them at once):`);
  const pooled = await scenario('');
  // The relay may be configured without a pool (SMTP_URL?pool=false): one connection per message, one
  // message at a time, as before the pool. Measured so that the difference stays known.
  out('  SMTP_URL with ?pool=false (one connection per message, one message at a time):');
  const single = await scenario('?pool=false');
  const q = stats(pooled.map((x) => x.queue));
  const d = stats(pooled.map((x) => x.delivered));
  const ds = stats(single.map((x) => x.delivered));
  return {
    ratios: [
      targetRatio('queue all convocations / target', q.median, QUEUE_TARGET_MS),
      targetRatio('all received by SMTP / target', d.median, DELIVERY_TARGET_MS),
      targetRatio('all received by SMTP, ?pool=false / target', ds.median, DELIVERY_TARGET_MS),
    ],
  };
}

async function scenario(smtpQuery: string): Promise<Run[]> {
  const setupStart = performance.now();
  const smtp = await startSmtp();
  const t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}${smtpQuery}` } });
  const worker = t.app.get(OutboxWorker);
  try {
    const sec = await t.ds.getRepository(UserEntity).findOneByOrFail({ email: DEMO.secretariat });
    // The demo convenes 15 titulaires (and copies 4 suppléants); more titulaires with a vote bring it to 40.
    const [model] = (await t.ds.query(
      `SELECT category_code, appointment_kind FROM member WHERE seat = 'TITULAIRE' AND voting_right AND NOT excluded_from_psp AND ended_at IS NULL ORDER BY email LIMIT 1`,
    )) as { category_code: string; appointment_kind: CreateMemberDto['appointmentKind'] }[];
    const members = t.app.get(MembersService);
    const sittings = t.app.get(SittingsService);
    const agenda = t.app.get(AgendaService);
    const convocations = t.app.get(ConvocationsService);
    // A planned sitting far ahead takes the demo's complete PSP requests, so that every measured sitting has the
    // same agenda: three policy items. With policy items every active titulaire is convened (COMP-3 exclusions
    // apply to PSP-only agendas), and suppléants get a copy (MEMB-1).
    await t.inScope('86', () =>
      sittings.create(sec, { kind: 'EXAMINATION', mode: 'IN_PERSON', startsAtLocal: `${addDays(parisDate(t.clock.now()), 300)}T10:00`, place: 'Réserve' }),
    );
    const [{ already }] = (await t.ds.query(
      `SELECT count(*)::int AS already FROM member WHERE seat = 'TITULAIRE' AND ended_at IS NULL AND (term_end IS NULL OR term_end > CURRENT_DATE + 30)`,
    )) as { already: number }[];
    for (let i = already; i < MEMBERS; i++) {
      await t.inScope('86', () => members.create({
        civility: i % 2 ? 'M' : 'MME',
        firstName: 'Membre',
        lastName: `Banc-${i}`,
        categoryCode: model.category_code,
        organisation: 'Banc d’essai',
        function: 'Représentant(e)',
        email: `banc-${i}@bench.cdlp.fr`,
        appointingOrderRef: 'AP-BANC-2026',
        termStart: addDays(parisDate(t.clock.now()), -30),
        termEnd: null,
        votingRight: true,
        seat: 'TITULAIRE',
        appointmentKind: model.appointment_kind,
      }));
    }
    // Mail queued by the demo seeding leaves first; the measure starts on an empty outbox.
    while ((await worker.processDue()) > 0);
    smtp.mails.length = 0;
    const setupMs = performance.now() - setupStart;

    const runs: Run[] = [];
    worker.start();
    for (let r = 0; r < RUNS; r++) {
      const day = addDays(parisDate(t.clock.now()), 20 + r);
      const sitting = await t.inScope('86', async () => {
        const s = await sittings.create(sec, { kind: 'EXAMINATION', mode: 'IN_PERSON', startsAtLocal: `${day}T14:00`, place: 'Préfecture de la Vienne, salle Jean Moulin' });
        for (const title of ['Bilan annuel des parcours de sortie', 'Point sur la stratégie départementale', 'Questions diverses'])
          await agenda.addItem(sec, s.id, { kind: 'POLICY', title });
        return s;
      });
      const before = smtp.mails.length;
      const t0 = performance.now();
      const convened = await t.inScope('86', () => convocations.convene(sec, sitting.id, { urgent: false }));
      const t1 = performance.now();
      const [{ n }] = (await t.ds.query(`SELECT count(*)::int AS n FROM outbox_message WHERE related_id = $1`, [sitting.id])) as { n: number }[];
      await smtp.waitFor(before + n, 60_000);
      const t2 = performance.now();
      const mine = smtp.mails.slice(before);
      const withBoth = mine.filter((m) => /application\/pdf/i.test(m.raw) && /text\/calendar/i.test(m.raw)).length;
      if (withBoth !== n) throw new Error(`${withBoth} of ${n} messages carry both the PDF and the .ics`);
      if (convened.members.length !== MEMBERS) out(`  note: ${convened.members.length} members convened, ${MEMBERS} intended`);
      runs.push({ items: convened.agenda.filter((i) => !i.removed).length, members: convened.members.length, messages: n, queue: t1 - t0, delivered: t2 - t0, size: mine.reduce((s, m) => s + m.raw.length, 0) / mine.length });
    }
    await worker.stop();

    out(`    agenda: ${runs[0].items} items; ${MEMBERS - already} members added to the ${already} of the demo`);
    out(`    ${runs[0].members} convened members → ${runs[0].messages} messages (copies to suppléants included), each with the agenda PDF and the .ics, about ${(runs[0].size / 1024).toFixed(0)} KiB per message`);
    out(`    outbox worker: poll every ${t.config.outboxPollMs} ms, 20 messages a batch, one instance; SMTP: smtp-server on 127.0.0.1${smtpQuery ? ` (${smtpQuery})` : ''}`);
    out(`    setup (fresh database, demo data, ${MEMBERS - already} more members): ${(setupMs / 1000).toFixed(1)} s`);
    out(`    ${'run'.padEnd(6)}${'queued'.padStart(12)}${'received'.padStart(12)}`);
    runs.forEach((x, i) => out(`    ${String(i + 1).padEnd(6)}${ms(x.queue).padStart(12)}${ms(x.delivered).padStart(12)}${i === 0 ? '   (cold)' : ''}`));
    const q = stats(runs.map((x) => x.queue));
    const d = stats(runs.map((x) => x.delivered));
    out(`    time to queue all (convene): median ${ms(q.median)}, min ${ms(q.min)}, max ${ms(q.max)} (target < ${ms(QUEUE_TARGET_MS)})`);
    out(`    time until the SMTP server has received all, from the click: median ${ms(d.median)}, min ${ms(d.min)}, max ${ms(d.max)} (target < ${ms(DELIVERY_TARGET_MS)})`);
    return runs;
  } finally {
    await worker.stop();
    await t.close();
    await smtp.stop();
  }
}
