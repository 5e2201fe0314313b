import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import type { ApiErrorDto, BallotChoice, DeliberationDto, ItemVotingDto, SittingDto } from '@cdlp/shared';
import { TEST_PASSWORD } from './fixtures';
import { parisInstant } from './sitting-fixtures';
import type { HttpResult, TestApp, TestClient } from './test-app';

/** Helpers of the deliberation suites (VOTE-1, COI-1, MAND-1, REM-1 to REM-3). */

export type DeliberationBody = DeliberationDto & ApiErrorDto;

/**
 * One argon2id hash per process, shared by every test account. Test accounts only: the
 * cost parameters are low so that 50 logins stay fast; the real login path verifies any
 * argon2 hash with the parameters it carries (production hashes use hashPassword()).
 */
let passwordHash: Promise<string> | null = null;

/**
 * A MEMBER account linked to a member record (the demo gives accounts to four members
 * only). The account's e-mail is the member's e-mail. Returns the e-mail to log in with.
 */
export async function memberAccount(t: TestApp, memberId: string): Promise<string> {
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const rows: { email: string; first_name: string; last_name: string }[] = await t.ds.query(
    `SELECT email, first_name, last_name FROM member WHERE id = $1`,
    [memberId],
  );
  if (rows.length !== 1) throw new Error(`member ${memberId} not found`);
  const { email, first_name, last_name } = rows[0];
  await t.ds.query(
    `INSERT INTO app_user (email, password_hash, first_name, last_name, role, departement_code, member_id)
     VALUES ($1, $2, $3, $4, 'MEMBER', '86', $5)
     ON CONFLICT DO NOTHING`,
    [email, await passwordHash, first_name, last_name, memberId],
  );
  return email;
}

/** Logs in the account of a member created by memberAccount(). */
export function loginMember(t: TestApp, email: string): Promise<TestClient> {
  return t.login(email, TEST_PASSWORD);
}

/** Sets the api's clock to a Paris local time "YYYY-MM-DDTHH:MM" (sessions idle out after a jump: log in again). */
export function setParisNow(t: TestApp, local: string): Date {
  const instant = parisInstant(local);
  t.clock.setNow(instant);
  return instant;
}

export const newKey = (): string => randomUUID();

export function castBallot(
  c: TestClient,
  sittingId: string,
  itemId: string,
  choice: BallotChoice,
  opts: { capacity?: 'OWN' | 'PROXY'; clientKey?: string; reason?: string; memberId?: string } = {},
): Promise<HttpResult<DeliberationBody>> {
  return c.post<DeliberationBody>(`/sittings/${sittingId}/items/${itemId}/ballots`, {
    choice,
    capacity: opts.capacity ?? 'OWN',
    clientKey: opts.clientKey ?? newKey(),
    ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
    ...(opts.memberId !== undefined ? { memberId: opts.memberId } : {}),
  });
}

/** Fails the test unless the call answered 200. */
export function ok<T>(r: HttpResult<T>, what: string): T {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function deliberation(c: TestClient, sittingId: string): Promise<DeliberationDto> {
  return ok(await c.get<DeliberationBody>(`/sittings/${sittingId}/deliberation`), 'GET deliberation');
}

export function itemOf(d: DeliberationDto, itemId: string): ItemVotingDto {
  const item = d.items.find((i) => i.itemId === itemId);
  if (!item) throw new Error(`item ${itemId} not in the deliberation`);
  return item;
}

export async function getSitting(c: TestClient, id: string): Promise<SittingDto> {
  return ok(await c.get<SittingDto & ApiErrorDto>(`/sittings/${id}`), 'GET sitting');
}

export interface BallotRow {
  id: string;
  voter_member_id: string;
  represented_member_id: string;
  capacity: 'OWN' | 'PROXY';
  choice: BallotChoice;
  version: number;
  by_president: boolean;
  client_key: string;
}

export function ballots(t: TestApp, itemId: string): Promise<BallotRow[]> {
  return t.ds.query(
    `SELECT id, voter_member_id, represented_member_id, capacity, choice, version, by_president, client_key
       FROM ballot WHERE agenda_item_id = $1 ORDER BY cast_at, id`,
    [itemId],
  );
}

export interface BallotLogRow {
  id: string;
  ballot_id: string;
  event: 'CAST' | 'CHANGE' | 'WITHDRAW';
  voter_member_id: string;
  represented_member_id: string;
  capacity: string;
  choice: string | null;
  prev_hash: string;
  hash: string;
}

export function ballotLog(t: TestApp, itemId: string): Promise<BallotLogRow[]> {
  return t.ds.query(
    `SELECT l.id::text AS id, l.ballot_id, l.event, l.voter_member_id, l.represented_member_id, l.capacity, l.choice, l.prev_hash, l.hash
       FROM ballot_log l WHERE l.agenda_item_id = $1 ORDER BY l.id`,
    [itemId],
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
