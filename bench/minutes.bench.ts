import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { PspDossierDto } from '@cdlp/shared';
import { addDays, parisDate, parisLocalToInstant } from '@cdlp/shared';
import { UserEntity } from '../api/src/core/auth/user.entity';
import { DeliberationService } from '../api/src/deliberation/deliberation.service';
import { DocumentsService } from '../api/src/documents/documents.service';
import { MinutesBuilder } from '../api/src/minutes/minutes-builder';
import { MinutesService } from '../api/src/minutes/minutes.service';
import { PspRequestsService } from '../api/src/psp-requests/psp-requests.service';
import { AttendanceService } from '../api/src/sittings/attendance.service';
import { ConvocationsService } from '../api/src/sittings/convocations.service';
import { SittingsService } from '../api/src/sittings/sittings.service';
import { DEMO, startTestApp } from '../api/test/test-app';
import { minutesFodt } from './minutes-odt';
import { Ratio, SuiteResult, compareRatio, out, stats, targetRatio } from './report';

export const about = 'PV-1, SIG-1: generate and sign the minutes of 30 items; the same document rendered by LibreOffice';

/**
 * PV-1, SIG-1: time to generate and sign the procès-verbal of a sitting with 30 agenda
 * items (MinutesService.draft + MinutesService.sign: records → PDF → PAdES signature →
 * frozen document → mail to every member). Target: under 2 s. Prints figures, asserts nothing.
 * Beside it, the same document as a flat OpenDocument text converted to PDF by LibreOffice
 * headless (`soffice --convert-to pdf`, one process per document, as a converter is usually
 * called), to compare with rendering by pdfkit; that half is skipped when soffice is absent.
 * BENCH_RUNS sets the number of measured runs (default 7; LibreOffice: at most 5).
 */
const ITEMS = 30;
const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 7));
const TARGET_MS = 2000;

const PRESENT = [
  'prefet',
  'ddfe',
  'ddets',
  'dipn',
  'travail',
  'education',
  'medecin',
  'asso1',
  'asso2',
  'ars',
];
const ABSENT = ['pj', 'gendarmerie', 'etrangers', 'elue'];

function dossier(i: number): PspDossierDto {
  return {
    lastName: `Banc-${i}`,
    firstName: 'Personne',
    birthDate: '1994-05-17',
    nationality: 'Nigériane',
    nationalityGroup: 'AFRIQUE',
    foreigner: true,
    childrenCount: i % 3,
    housing: 'HEBERGEMENT_URGENCE',
    administrativeStatus: 'SANS_TITRE',
    supportPlan: [
      {
        pillar: 'SANTE',
        plannedActions: 'Suivi médical régulier.',
        commitments: 'Se rendre aux rendez-vous.',
      },
    ],
    evaluation: "Projet d'insertion construit avec la personne.",
    associationOpinion: i % 4 === 0 ? 'UNFAVOURABLE' : 'FAVOURABLE',
  };
}

const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

export async function run(): Promise<SuiteResult> {
  const setupStart = performance.now();
  const t = await startTestApp();
  try {
    // Tomorrow 08:00 in Paris: the sitting (18:00) is created, convened in urgency and opened the same day.
    const day = addDays(parisDate(t.clock.now()), 1);
    const morning = parisLocalToInstant(`${day}T08:00`);
    if (!morning.ok) throw new Error(morning.message);
    t.clock.setNow(morning.instant);

    const users = t.ds.getRepository(UserEntity);
    const [sec, pres, asso] = await Promise.all(
      [DEMO.secretariat, DEMO.president, DEMO.association].map((email) => users.findOneByOrFail({ email })),
    );
    const member: Record<string, string> = {};
    for (const r of (await t.ds.query(`SELECT id, email FROM member`)) as { id: string; email: string }[])
      member[r.email.replace('@demo.cdlp.fr', '')] = r.id;

    // Complete requests, quickly: the demo has 3; the others go through the state machine without documents.
    const requests = t.app.get(PspRequestsService);
    const complete: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM psp_request WHERE state = 'COMPLETE'`,
    );
    // TENANT-1: service code runs in the Vienne's scope, as a request of its secretariat would.
    const in86 = <T>(work: () => Promise<T>): Promise<T> => t.inScope('86', () => work());
    await t.inScope('86', async (m) => {
      for (let i = complete[0].n; i < ITEMS; i++) {
        const r = await requests.insertDraft(
          m,
          asso,
          'INITIAL',
          asso.associationId as string,
          null,
          dossier(i),
        );
        r.submittedAt = t.clock.now();
        await requests.applyEvent(m, r, 'SUBMIT');
        r.completedAt = t.clock.now();
        await requests.applyEvent(m, r, 'MARK_COMPLETE');
      }
    });

    // The sitting, through the real services: agenda, urgency convocation, answers, opening.
    const sittings = t.app.get(SittingsService);
    const attendance = t.app.get(AttendanceService);
    const deliberation = t.app.get(DeliberationService);
    const sitting = await in86(() => sittings.create(sec, {
      kind: 'EXAMINATION',
      mode: 'IN_PERSON',
      startsAtLocal: `${day}T18:00`,
      place: 'Préfecture de la Vienne, salle Jean Moulin',
    }));
    const items = sitting.agenda.filter((i) => !i.removed);
    if (items.length !== ITEMS) throw new Error(`${items.length} items on the agenda, ${ITEMS} expected`);
    await in86(() =>
      t.app.get(ConvocationsService).convene(sec, sitting.id, {
        urgent: true,
        urgencyReason: 'Banc d’essai : séance convoquée le jour même',
      }),
    );
    for (const k of PRESENT)
      await in86(() =>
        attendance.answer(sec, sitting.id, {
          memberId: member[k],
          answer: k === 'ars' ? 'REMOTE' : 'PRESENT',
        }),
      );
    for (const k of ABSENT)
      await in86(() => attendance.answer(sec, sitting.id, { memberId: member[k], answer: 'ABSENT' }));
    await in86(() =>
      attendance.answer(sec, sitting.id, {
        memberId: member['magistrat'],
        answer: 'MANDATE',
        mandateHolderId: member['ddets'],
      }),
    );
    await in86(() => attendance.open(pres, sitting.id));

    // Every item is voted: ballots on behalf of the members, the chair's own, a mandate, some dissents.
    const cast = (
      itemId: string,
      choice: 'FAVOURABLE' | 'UNFAVOURABLE' | 'ABSTENTION',
      key?: string,
      capacity: 'OWN' | 'PROXY' = 'OWN',
    ) =>
      in86(() =>
        deliberation.cast(key ? sec : pres, sitting.id, itemId, {
          choice,
          capacity,
          clientKey: randomUUID(),
          ...(key ? { memberId: member[key] } : {}),
        }),
      );
    const marc = await users.findOneByOrFail({ email: DEMO.member });
    for (const [n, item] of items.entries()) {
      // Mostly 3 for, 2 against; every 5th item the chair votes against; every 7th, a tie decided by the chair.
      await in86(() => deliberation.openVote(pres, sitting.id, item.id));
      await cast(item.id, n % 5 === 0 ? 'UNFAVOURABLE' : 'FAVOURABLE');
      await cast(item.id, 'FAVOURABLE', 'ddfe');
      await cast(item.id, n % 7 === 0 ? 'ABSTENTION' : 'FAVOURABLE', 'dipn');
      await cast(item.id, 'UNFAVOURABLE', 'ddets');
      await cast(item.id, 'UNFAVOURABLE', 'ddets', 'PROXY');
      await in86(() => deliberation.closeVote(pres, sitting.id, item.id));
      if (n % 3 === 0)
        await in86(() =>
          deliberation.recordDissent(marc, sitting.id, item.id, {
            text: `Position divergente sur le point ${n + 1} : le projet d’insertion reste à préciser.`,
          }),
        );
    }
    await in86(() => attendance.close(pres, sitting.id));
    const setupMs = performance.now() - setupStart;

    // The measure: draft (records → DTO) then sign (PDF, PAdES, frozen copy, 21 mails); a new version between runs.
    const minutes = t.app.get(MinutesService);
    const builder = t.app.get(MinutesBuilder);
    const documents = t.app.get(DocumentsService);
    const runs: { draft: number; sign: number; total: number }[] = [];
    let pages = 0;
    let size = 0;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await in86(() => minutes.draft(sec, sitting.id));
      const t1 = performance.now();
      const signed = await in86(() => minutes.sign(pres, sitting.id));
      const t2 = performance.now();
      runs.push({ draft: t1 - t0, sign: t2 - t1, total: t2 - t0 });
      if (r === 0) {
        const { content } = await t.inScope('86', (m) => documents.content(m, signed.signedDocumentId as string));
        size = content.length;
        pages = Number(/\/Count (\d+)/.exec(content.toString('latin1'))?.[1] ?? 0);
      }
      if (r < RUNS - 1) await in86(() => minutes.newVersion(sec, sitting.id));
    }

    // Where signing time goes: rendering the PDF alone (the rest is the placeholder, the CMS signature, storage and mails).
    const dto = await in86(() => minutes.get(sec, sitting.id));
    const renders: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await builder.render(
        dto,
        randomUUID(),
        { signerName: 'Claire Morvan', signerQuality: 'Préfète', signedAtLabel: 'aujourd’hui' },
        t.clock.now(),
      );
      renders.push(performance.now() - t0);
    }

    out('  Minutes: generate and sign the procès-verbal (MinutesService.draft + sign)');
    out(
      `  sitting: ${ITEMS} agenda items, ${PRESENT.length - 1} present, 1 remote, 1 mandate, 1 recusal per item, ${Math.ceil(ITEMS / 3)} dissents; signed PDF: ${pages} pages, ${(size / 1024).toFixed(0)} KiB`,
    );
    out(`  setup (fresh database, demo data, sitting and votes): ${(setupMs / 1000).toFixed(1)} s`);
    out(`  ${'run'.padEnd(6)}${'draft'.padStart(10)}${'sign'.padStart(10)}${'total'.padStart(10)}`);
    runs.forEach((x, i) =>
      out(
        `  ${String(i + 1).padEnd(6)}${ms(x.draft).padStart(10)}${ms(x.sign).padStart(10)}${ms(x.total).padStart(10)}${i === 0 ? '   (cold)' : ''}`,
      ),
    );
    const all = stats(runs.map((x) => x.total));
    out(
      `  total over ${runs.length} runs: min ${all.min.toFixed(0)} ms, median ${all.median.toFixed(0)} ms, max ${all.max.toFixed(0)} ms (target < ${TARGET_MS} ms)`,
    );
    if (runs.length > 1) {
      const warm = stats(runs.slice(1).map((x) => x.total));
      out(
        `  warm runs (2-${runs.length}): min ${warm.min.toFixed(0)} ms, median ${warm.median.toFixed(0)} ms, max ${warm.max.toFixed(0)} ms`,
      );
    }
    const d = stats(runs.map((x) => x.draft));
    const s = stats(runs.map((x) => x.sign));
    const pdf = stats(renders);
    out(
      `  draft: median ${d.median.toFixed(0)} ms; sign: median ${s.median.toFixed(0)} ms, of which PDF rendering alone: median ${pdf.median.toFixed(0)} ms (min ${pdf.min.toFixed(0)}, max ${pdf.max.toFixed(0)})`,
    );
    const ratios: Ratio[] = [targetRatio('generate and sign / target', all.median, TARGET_MS)];

    // The LibreOffice half: the same document, from the same DTO, converted by soffice headless.
    const soffice = findSoffice();
    if (!soffice) {
      out('  LibreOffice: soffice not found on PATH, this half is skipped (Debian: apt-get install libreoffice-writer-nogui)');
      return { ratios };
    }
    const lo = await libreOffice(soffice, minutesFodt(dto, { signerName: 'Claire Morvan', signerQuality: 'Préfète', signedAtLabel: 'aujourd’hui' }));
    const lw = stats(lo.warm);
    out(`  ${lo.version}: flat ODT → PDF, one soffice process per document: ${lo.pages} pages, ${(lo.size / 1024).toFixed(0)} KiB`);
    out(`    first conversion (new profile): ${lo.cold.toFixed(0)} ms; then over ${lo.warm.length} runs: min ${lw.min.toFixed(0)} ms, median ${lw.median.toFixed(0)} ms, max ${lw.max.toFixed(0)} ms`);
    out(`  side by side, medians: pdfkit rendering ${pdf.median.toFixed(0)} ms, LibreOffice conversion ${lw.median.toFixed(0)} ms; whole generate and sign with pdfkit ${all.median.toFixed(0)} ms`);
    ratios.push(compareRatio('LibreOffice conversion / pdfkit rendering', lw.median, pdf.median, `${lw.median.toFixed(0)} ms / ${pdf.median.toFixed(0)} ms`));
    return { ratios };
  } finally {
    await t.close();
  }
}

function findSoffice(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, 'soffice');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Converts the document LO_RUNS + 1 times, each in a new soffice process with the same (warm) profile. */
async function libreOffice(soffice: string, fodt: string): Promise<{ version: string; cold: number; warm: number[]; pages: number; size: number }> {
  const run = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-bench-lo-'));
  try {
    const source = join(dir, 'proces-verbal.fodt');
    writeFileSync(source, fodt);
    const args = [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--nologo', '--nolockcheck'];
    const version = (await run(soffice, [...args, '--version'])).stdout.trim().split('\n')[0];
    const convert = async () => {
      const t0 = performance.now();
      await run(soffice, [...args, '--convert-to', 'pdf', '--outdir', join(dir, 'out'), source], { timeout: 120_000 });
      return performance.now() - t0;
    };
    const cold = await convert();
    const warm: number[] = [];
    for (let r = 0; r < Math.min(RUNS, 5); r++) warm.push(await convert());
    const pdf = readFileSync(join(dir, 'out', 'proces-verbal.pdf'));
    const pages = Number(/\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);
    return { version, cold, warm, pages, size: pdf.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
