import { randomUUID } from 'node:crypto';
import type { Role } from '@cdlp/shared';
import { hashPassword } from '../src/core/auth/auth.service';
import type { TestApp } from './test-app';

/** A password that satisfies the rules, for accounts created by the tests. */
export const TEST_PASSWORD = 'Mot-de-passe-de-test-2026';

/** Creates an account with a known password directly in the database (test setup only). */
export async function createUser(
  t: TestApp,
  opts: { email?: string; role?: Role; password?: string; firstName?: string; lastName?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = opts.email ?? `user-${randomUUID().slice(0, 8)}@example.fr`;
  const password = opts.password ?? TEST_PASSWORD;
  const rows: { id: string }[] = await t.ds.query(
    `INSERT INTO app_user (email, password_hash, first_name, last_name, role, departement_code)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [email, await hashPassword(password), opts.firstName ?? 'Camille', opts.lastName ?? 'Essai', opts.role ?? 'SECRETARIAT', '86'],
  );
  return { id: rows[0].id, email, password };
}

export async function count(t: TestApp, table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
  const rows: { n: number }[] = await t.ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return rows[0].n;
}

export async function lastAuditId(t: TestApp): Promise<number> {
  const rows: { id: number | null }[] = await t.ds.query(`SELECT max(id)::int AS id FROM audit_event`);
  return rows[0].id ?? 0;
}

/** A valid body for POST /api/members; override what the test is about. */
export function memberBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    civility: 'MME',
    firstName: 'Jeanne',
    lastName: 'Testeur',
    categoryCode: 'ETAT_SANTE',
    organisation: 'ARS Nouvelle-Aquitaine — délégation de la Vienne',
    function: 'Chargée de mission',
    email: `membre-${randomUUID().slice(0, 8)}@example.fr`,
    appointingOrderRef: 'Arrêté préfectoral n° 86-2026-001',
    termStart: '2026-01-01',
    votingRight: true,
    seat: 'TITULAIRE',
    appointmentKind: 'EX_OFFICIO',
    ...over,
  };
}

/** The reset link queued in the outbox for a recipient (the latest one), and its token. */
export async function lastResetToken(t: TestApp, recipient: string): Promise<string> {
  const rows: { text_body: string }[] = await t.ds.query(
    `SELECT text_body FROM outbox_message WHERE template = 'password-reset' AND lower(recipient) = lower($1)
     ORDER BY created_at DESC, id DESC LIMIT 1`,
    [recipient],
  );
  if (rows.length === 0) throw new Error(`no password-reset message for ${recipient}`);
  const m = /\/reinitialiser-mot-de-passe\?token=([^\s]+)/.exec(rows[0].text_body);
  if (!m) throw new Error('no reset link in the message');
  return decodeURIComponent(m[1]);
}

/** The value, or a test failure naming what was missing. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`missing: ${what}`);
  return value;
}
