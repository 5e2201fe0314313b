import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PspRequestKind, VerificationResultDto } from '@cdlp/shared';
import { UserEntity } from '../src/core/auth/user.entity';
import { PspRequestEntity } from '../src/psp-requests/psp-request.entity';
import { PspRequestsService } from '../src/psp-requests/psp-requests.service';
import type { HttpResult, TestApp, TestClient } from './test-app';

/** Helpers of the minutes, decisions and verification suites (PV-1, PSP-5, SIG-1, SIG-2). */

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Runs a poppler tool (pdftotext, pdfsig, pdfinfo, pdffonts) on a PDF held in memory. */
export function poppler(
  tool: 'pdftotext' | 'pdfsig' | 'pdfinfo' | 'pdffonts',
  pdf: Buffer,
  args: string[] = [],
): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cdlp-sig-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const argv = tool === 'pdftotext' ? ['-enc', 'UTF-8', ...args, file, '-'] : [...args, file];
    const r = spawnSync(tool, argv, { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext extracts it. */
export function pdfText(pdf: Buffer): string {
  const { code, out } = poppler('pdftotext', pdf);
  if (code !== 0) throw new Error(`pdftotext failed: ${out}`);
  return out;
}

/**
 * The running text of a PDF: the "page X / Y" footers taken out and whitespace (line and
 * page breaks) collapsed, so that a sentence reads the same wherever the pages break.
 */
export function pdfWords(pdf: Buffer): string {
  return pdfText(pdf)
    .replace(/\bpage \d+ \/ \d+\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A binary GET with the client's session (TestClient decodes bodies as text). */
export async function download(
  t: TestApp,
  c: TestClient,
  path: string,
): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const cookie = Object.entries(c.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const res = await fetch(`${t.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** Downloads a PDF and fails the test unless it is one. */
export async function downloadPdf(t: TestApp, c: TestClient, path: string): Promise<Buffer> {
  const r = await download(t, c, path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.body.toString('utf8').slice(0, 300)}`);
  if (r.body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`GET ${path}: not a PDF`);
  return r.body;
}

/** SIG-2: POST /api/documents/verify with the file as multipart `file`. */
export function verifyUpload(
  c: TestClient,
  pdf: Buffer,
  filename = 'document.pdf',
): Promise<HttpResult<VerificationResultDto & { message: string }>> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), filename);
  return c.post<VerificationResultDto & { message: string }>('/documents/verify', form);
}

/**
 * The same PDF with one byte changed, inside the first content stream: still a
 * readable PDF, but no longer the signed bytes (the byte lies in the signed range).
 */
export function alterOneByte(pdf: Buffer): { altered: Buffer; offset: number } {
  const start = pdf.indexOf('stream\n', 0, 'latin1');
  const end = pdf.indexOf('endstream', start, 'latin1');
  if (start < 0 || end < 0 || end - start < 40) throw new Error('no content stream to alter');
  const offset = start + 'stream\n'.length + Math.floor((end - start) / 2);
  const gap = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'));
  if (!gap) throw new Error('no /ByteRange: the PDF is not signed');
  const [a, b, c] = [Number(gap[1]), Number(gap[2]), Number(gap[3])];
  if (!(offset >= a && offset < a + b) || offset >= c)
    throw new Error('the altered byte must lie in the first signed range');
  const altered = Buffer.from(pdf);
  altered[offset] = altered[offset] ^ 0x01;
  return { altered, offset };
}

/** A demo request, found by the (encrypted) last name of its person. */
export async function requestByName(
  t: TestApp,
  lastName: string,
  kind: PspRequestKind = 'INITIAL',
): Promise<PspRequestEntity> {
  const service = t.app.get(PspRequestsService);
  const rows = await t.ds.getRepository(PspRequestEntity).find({ where: { kind } });
  const found = rows.filter((r) => r.dossierEnc && service.dossier(r).lastName === lastName);
  if (found.length !== 1) throw new Error(`request of ${lastName} (${kind}): ${found.length} found`);
  return found[0];
}

/** PSP-4: puts a complete request through a commission opinion with the services a sitting uses (no sitting needed). */
export async function giveOpinion(
  t: TestApp,
  requestId: string,
  opinion: 'FAVOURABLE' | 'UNFAVOURABLE',
): Promise<void> {
  const requests = t.app.get(PspRequestsService);
  await t.inScope('86', async (m) => {
    await requests.putOnAgenda(m, requestId);
    await requests.giveOpinion(m, requestId, opinion);
  });
}

/**
 * PSP-7: a renewal request of a pathway, brought to the commission's opinion through
 * the state machine (the supporting documents are not the subject of these suites).
 * It is inserted directly, so that it can also exist on a pathway that may no longer be renewed.
 */
export async function renewalWithOpinion(
  t: TestApp,
  pathwayId: string,
  opinion: 'FAVOURABLE' | 'UNFAVOURABLE',
): Promise<PspRequestEntity> {
  const requests = t.app.get(PspRequestsService);
  return t.inScope('86', async (m) => {
    const initial = await m
      .getRepository(PspRequestEntity)
      .findOneOrFail({ where: { pathwayId, kind: 'INITIAL' } });
    const user = await m
      .getRepository(UserEntity)
      .findOneOrFail({ where: { associationId: initial.associationId, role: 'ASSOCIATION' } });
    const dossier = {
      ...requests.dossier(initial),
      progressReport: 'Bilan de la période : engagements tenus, insertion professionnelle en cours.',
    };
    const renewal = await requests.insertDraft(m, user, 'RENEWAL', initial.associationId, pathwayId, dossier);
    renewal.submittedAt = t.clock.now();
    await requests.applyEvent(m, renewal, 'SUBMIT');
    renewal.completedAt = t.clock.now();
    await requests.applyEvent(m, renewal, 'MARK_COMPLETE');
    await requests.putOnAgenda(m, renewal.id);
    return requests.giveOpinion(m, renewal.id, opinion);
  });
}

export interface MailRow {
  template: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: { filename: string; contentType: string; content: string }[] | null;
}

export function mails(t: TestApp, template: string, relatedId: string): Promise<MailRow[]> {
  return t.ds.query(
    `SELECT template, recipient, subject, text_body, html_body, attachments FROM outbox_message
      WHERE template = $1 AND related_id = $2 ORDER BY recipient`,
    [template, relatedId],
  );
}

/** The error a database statement raises, or null when it succeeds. */
export async function sqlError(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
