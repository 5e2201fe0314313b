import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { ApiErrorDto, PspDossierDto, PspRequestDto, PspRequestKind } from '@cdlp/shared';
import { addDays, parisDate } from '@cdlp/shared';
import { hashPassword } from '../src/core/auth/auth.service';
import { PspRequestEntity } from '../src/psp-requests/psp-request.entity';
import { PspRequestsService } from '../src/psp-requests/psp-requests.service';
import { DEMO, HttpResult, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** Helpers of the PSP suites (requests, documents, pathways, retention). */

export type ErrorBody = ApiErrorDto;

export const INITIAL_CODES = [
  'FORMULAIRE_DEMANDE',
  'PROJET_PARCOURS',
  'EVALUATION_ASSOCIATION',
  'ATTESTATION_ARRET',
  'AGREMENT_ASSOCIATION',
  'ETAT_CIVIL',
  'NATIONALITE',
  'DOMICILE',
  'SITUATION',
] as const;
export const RENEWAL_CODES = [
  'FORMULAIRE_RENOUVELLEMENT',
  'BILAN_ETAPE',
  'PROJET_PARCOURS_MAJ',
  'AGREMENT_ASSOCIATION',
] as const;

/** A dossier with every field required at submission (PSP-3). */
export function fullDossier(over: Partial<PspDossierDto> = {}): PspDossierDto {
  return {
    lastName: 'Fictive',
    firstName: 'Personne',
    birthDate: '1994-05-17',
    nationality: 'Nigériane',
    nationalityGroup: 'AFRIQUE',
    foreigner: true,
    childrenCount: 0,
    housing: 'HEBERGEMENT_URGENCE',
    administrativeStatus: 'SANS_TITRE',
    supportPlan: [
      {
        pillar: 'SANTE',
        plannedActions: 'Suivi médical régulier.',
        commitments: 'Se rendre aux rendez-vous.',
      },
      {
        pillar: 'LOGEMENT',
        plannedActions: 'Orientation SIAO.',
        commitments: "Respecter le règlement de l'hébergement.",
      },
    ],
    evaluation: "Évaluation de l'association : projet d'insertion construit avec la personne.",
    associationOpinion: 'FAVOURABLE',
    ...over,
  };
}

/** A small valid PDF whose text holds `marker`. */
export function pdf(marker = 'piece'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** The first bytes of a PNG, followed by some content. */
export function png(marker = 'image'): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(`IHDR ${marker}`, 'latin1'),
  ]);
}

export interface UploadSpec {
  itemCode: string;
  docType?: string;
  issueDate?: string;
  expiryDate?: string;
  content?: Buffer;
  filename?: string;
}

export function upload(
  c: TestClient,
  requestId: string,
  spec: UploadSpec,
): Promise<HttpResult<PspRequestDto & ErrorBody>> {
  const form = new FormData();
  form.append('itemCode', spec.itemCode);
  if (spec.docType) form.append('docType', spec.docType);
  if (spec.issueDate) form.append('issueDate', spec.issueDate);
  if (spec.expiryDate) form.append('expiryDate', spec.expiryDate);
  const content = spec.content ?? pdf(`${spec.itemCode}-${randomUUID()}`);
  form.append(
    'file',
    new Blob([new Uint8Array(content)], { type: 'application/pdf' }),
    spec.filename ?? `${spec.itemCode.toLowerCase()}.pdf`,
  );
  return c.post<PspRequestDto & ErrorBody>(`/psp-requests/${requestId}/documents`, form);
}

/** The metadata each checklist item needs (type of nationality proof, issue date of the proof of address). */
export function specFor(code: string, today: string): UploadSpec {
  if (code === 'NATIONALITE')
    return { itemCode: code, docType: 'PASSEPORT', issueDate: '2022-01-10', expiryDate: '2032-01-09' };
  if (code === 'DOMICILE') return { itemCode: code, issueDate: addDays(today, -10) };
  return { itemCode: code };
}

/** Uploads every piece of the kind, except those listed; fails the test on any refusal. */
export async function uploadAll(
  t: TestApp,
  c: TestClient,
  requestId: string,
  kind: PspRequestKind = 'INITIAL',
  except: string[] = [],
): Promise<PspRequestDto> {
  const today = parisDate(t.clock.now());
  let last: PspRequestDto | null = null;
  for (const code of kind === 'INITIAL' ? INITIAL_CODES : RENEWAL_CODES) {
    if (except.includes(code)) continue;
    const r = await upload(c, requestId, specFor(code, today));
    if (r.status !== 201) throw new Error(`upload ${code}: ${r.status} ${JSON.stringify(r.body)}`);
    last = r.body;
  }
  if (!last) throw new Error('nothing uploaded');
  return last;
}

/** Creates a draft through the api; fails the test on refusal. */
export async function createDraft(
  c: TestClient,
  dossier: PspDossierDto,
  associationId?: string,
): Promise<PspRequestDto> {
  const r = await c.post<PspRequestDto>(
    '/psp-requests',
    associationId ? { associationId, dossier } : { dossier },
  );
  if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Draft, every piece, submitted: a COMPLETE request. */
export async function completeRequest(
  t: TestApp,
  c: TestClient,
  over: Partial<PspDossierDto> = {},
): Promise<PspRequestDto> {
  const draft = await createDraft(c, fullDossier(over));
  await uploadAll(t, c, draft.id);
  const r = await c.post<PspRequestDto>(`/psp-requests/${draft.id}/submit`);
  if (r.status !== 200 || r.body.state !== 'COMPLETE')
    throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function associationId(t: TestApp, name: string): Promise<string> {
  const rows: { id: string }[] = await t.ds.query(`SELECT id FROM association WHERE name = $1`, [name]);
  if (rows.length !== 1) throw new Error(`association ${name} not found`);
  return rows[0].id;
}

export const PASSERELLES = 'Association Passerelles Vienne';
export const HORIZONS = 'Horizons Solidaires';
export const CIDFF = 'CIDFF de la Vienne';

/** Creates an account through POST /api/users (as admin), then gives it a known password. */
export async function createAccount(
  t: TestApp,
  admin: TestClient,
  body: { role: 'ASSOCIATION' | 'MEMBER'; associationId?: string; memberId?: string },
): Promise<string> {
  const email = `${body.role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.fr`;
  const r = await admin.post<{ id: string }>('/users', {
    email,
    firstName: 'Compte',
    lastName: 'De test',
    ...body,
  });
  if (r.status !== 201) throw new Error(`create user: ${r.status} ${JSON.stringify(r.body)}`);
  await t.ds.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
    r.body.id,
    await hashPassword(ACCOUNT_PASSWORD),
  ]);
  return email;
}
export const ACCOUNT_PASSWORD = 'Mot-de-passe-PSP-2026!';

/** The id of a demo request, found by the (encrypted) last name of its person. */
export async function demoRequestId(
  t: TestApp,
  lastName: string,
  kind: PspRequestKind = 'INITIAL',
): Promise<string> {
  const service = t.app.get(PspRequestsService);
  const rows = await t.ds
    .getRepository(PspRequestEntity)
    .find({ where: { kind }, order: { reference: 'ASC' } });
  const found = rows.filter((r) => r.dossierEnc && service.dossier(r).lastName === lastName);
  if (found.length !== 1) throw new Error(`demo request of ${lastName}: ${found.length} found`);
  return found[0].id;
}

/** Runs service calls in one transaction of the Vienne's scope, as the sittings and decisions modules do. */
export function inTx<T>(t: TestApp, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return t.inScope('86', fn);
}

export async function stateOf(t: TestApp, id: string): Promise<string> {
  const rows: { state: string }[] = await t.ds.query(`SELECT state FROM psp_request WHERE id = $1`, [id]);
  return rows[0].state;
}

export async function countRows(
  t: TestApp,
  table: string,
  where = 'TRUE',
  params: unknown[] = [],
): Promise<number> {
  const rows: { n: number }[] = await t.ds.query(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return rows[0].n;
}

export interface OutboxRow {
  template: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  related_id: string | null;
}

export async function outbox(t: TestApp, template: string, relatedId?: string): Promise<OutboxRow[]> {
  return t.ds.query(
    `SELECT template, recipient, subject, text_body, html_body, related_id FROM outbox_message
      WHERE template = $1 AND ($2::text IS NULL OR related_id = $2) ORDER BY created_at, recipient`,
    [template, relatedId ?? null],
  );
}

export interface AuditRow {
  action: string;
  entity_id: string | null;
  actor_user_id: string | null;
  actor_role: string | null;
  details: Record<string, unknown>;
}

export async function auditRows(t: TestApp, action: string, entityId?: string): Promise<AuditRow[]> {
  return t.ds.query(
    `SELECT action, entity_id, actor_user_id, actor_role, details FROM audit_event
      WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY id`,
    [action, entityId ?? null],
  );
}

export async function userId(t: TestApp, email: string): Promise<string> {
  const rows: { id: string }[] = await t.ds.query(`SELECT id FROM app_user WHERE lower(email) = lower($1)`, [
    email,
  ]);
  return rows[0].id;
}

/** Noon in Paris on a calendar date: safe from day changes whatever the offset. */
export function parisNoon(date: string): Date {
  return new Date(`${date}T10:00:00Z`);
}

/**
 * The app of a PSP requests suite (psp-requests-*.int-spec): the demo association
 * (Passerelles) and the secretariat, a new account of Horizons Solidaires (another
 * association), and the ids of three associations.
 */
export type PspRequestsSuite = { t: TestApp } & Record<'asso' | 'sec' | 'horizons', TestClient> &
  Record<'passerellesId' | 'horizonsId' | 'cidffId', string>;

export async function startPspRequestsApp(): Promise<PspRequestsSuite> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const asso = await t.login(DEMO.association);
    const sec = await t.login(DEMO.secretariat);
    const passerellesId = await associationId(t, PASSERELLES);
    const horizonsId = await associationId(t, HORIZONS);
    const cidffId = await associationId(t, CIDFF);
    const admin = await t.login(DEMO.admin);
    const horizons = await t.login(
      await createAccount(t, admin, { role: 'ASSOCIATION', associationId: horizonsId }),
      ACCOUNT_PASSWORD,
    );
    return { t, asso, sec, horizons, passerellesId, horizonsId, cidffId };
  });
}

type RequestBody = PspRequestDto & ErrorBody;

export const getRequest = (c: TestClient, id: string) => c.get<RequestBody>(`/psp-requests/${id}`);
export const submitRequest = (c: TestClient, id: string) => c.post<RequestBody>(`/psp-requests/${id}/submit`);
export const withdrawRequest = (c: TestClient, id: string, reason = 'La personne a quitté le département.') =>
  c.post<RequestBody>(`/psp-requests/${id}/withdraw`, { reason });
