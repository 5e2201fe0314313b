import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiErrorDto, CreateSittingDto, SittingDto } from '@cdlp/shared';
import { addDays, parisDate, parisLocalToInstant } from '@cdlp/shared';
import { demoRequestId } from './psp-fixtures';
import { DEMO, HttpResult, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** Helpers of the sittings suites (CONV-*, MAND-1, QUOR-*, REM-*). */

export type SittingBody = SittingDto & ApiErrorDto;

/** The Paris calendar day `n` days after the api's clock. */
export function dayFromNow(t: TestApp, n: number): string {
  return addDays(parisDate(t.clock.now()), n);
}

/** The instant of a Paris local "YYYY-MM-DDTHH:MM" (fails the test if it does not exist). */
export function parisInstant(local: string): Date {
  const r = parisLocalToInstant(local);
  if (!r.ok) throw new Error(r.message);
  return r.instant;
}

export const PLACE = 'Préfecture de la Vienne, salle Jean Moulin';

/** A valid in-person sitting body on the given day at 14:00; override what the test is about. */
export function sittingBody(kind: CreateSittingDto['kind'], day: string, over: Partial<CreateSittingDto> = {}): CreateSittingDto {
  return { kind, mode: 'IN_PERSON', startsAtLocal: `${day}T14:00`, place: PLACE, ...over };
}

export async function createSitting(c: TestClient, body: CreateSittingDto): Promise<SittingDto> {
  const r = await c.post<SittingBody>('/sittings', body);
  if (r.status !== 201) throw new Error(`create sitting: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** GET a sitting, failing the test unless it answers 200. */
export async function readSitting(c: TestClient, id: string): Promise<SittingDto> {
  const r = await c.get<SittingBody>(`/sittings/${id}`);
  if (r.status !== 200) throw new Error(`get sitting: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function addPolicyItem(c: TestClient, sittingId: string, title: string, presenter?: string): Promise<SittingDto> {
  const r = await c.post<SittingBody>(`/sittings/${sittingId}/agenda`, { kind: 'POLICY', title, ...(presenter ? { presenter } : {}) });
  if (r.status !== 201) throw new Error(`add item: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function convene(c: TestClient, sittingId: string, body: { urgent: boolean; urgencyReason?: string } = { urgent: false }): Promise<SittingDto> {
  const r = await c.post<SittingBody>(`/sittings/${sittingId}/convocation`, body);
  if (r.status !== 200) throw new Error(`convene: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Fails the test unless the answer is a 400 naming exactly this field. */
export function expectFieldError(r: HttpResult<unknown>, field: string, message?: string | RegExp): void {
  const body = r.body as ApiErrorDto;
  expect({ status: r.status, fields: [...new Set((body.errors ?? []).map((e) => e.field))] }).toEqual({ status: 400, fields: [field] });
  if (message !== undefined) {
    const texts = (body.errors ?? []).map((e) => e.message);
    if (typeof message === 'string') expect(texts).toContain(message);
    else expect(texts).toContainEqual(expect.stringMatching(message));
  }
}

/** The id of a demo member from the key of its e-mail (`<key>@demo.cdlp.fr`). */
export async function memberId(t: TestApp, key: string): Promise<string> {
  const rows: { id: string }[] = await t.ds.query(`SELECT id FROM member WHERE email = $1`, [`${key}@demo.cdlp.fr`]);
  if (rows.length !== 1) throw new Error(`member ${key} not found`);
  return rows[0].id;
}

export interface OutboxMail {
  id: string;
  template: string;
  recipient: string;
  subject: string;
  text_body: string;
  status: string;
  attempts: number;
  last_error: string | null;
  attachments: { filename: string; contentType: string; content: string; method?: string }[];
}

export async function sittingMails(t: TestApp, sittingId: string, template?: string): Promise<OutboxMail[]> {
  return t.ds.query(
    `SELECT id, template, recipient, subject, text_body, status, attempts, last_error, attachments FROM outbox_message
      WHERE related_type = 'sitting' AND related_id = $1 AND ($2::text IS NULL OR template = $2)
      ORDER BY created_at, recipient`,
    [sittingId, template ?? null],
  );
}

/** The text of a PDF, as pdftotext (poppler) extracts it. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An iCalendar text with its folded lines joined (RFC 5545 §3.1). */
export function unfoldIcs(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, '');
}

/** The UTC form of an instant used by DTSTART, e.g. 20260415T120000Z. */
export function icsUtc(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The app of the sittings suites (sittings-*.int-spec): the demo secretariat, member,
 * association and administrator, and the demo's three complete requests.
 */
export async function startSittingsApp(): Promise<
  { t: TestApp } & Record<'sec' | 'member' | 'asso' | 'admin', TestClient> & Record<'mensah' | 'garnier' | 'wei', string>
> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const [sec, member, asso, admin] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.member),
      t.login(DEMO.association),
      t.login(DEMO.admin),
    ]);
    const mensah = await demoRequestId(t, 'Mensah');
    const garnier = await demoRequestId(t, 'Garnier');
    const wei = await demoRequestId(t, 'Wei');
    return { t, sec, member, asso, admin, mensah, garnier, wei };
  });
}
