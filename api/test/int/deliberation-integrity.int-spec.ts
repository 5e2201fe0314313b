import type { BallotChoice, SittingDto } from '@cdlp/shared';
import { GENESIS_HASH } from '../../src/core/audit/audit-hash';
import { DeliberationService } from '../../src/deliberation/deliberation.service';
import {
  DeliberationBody,
  ballotLog,
  ballots,
  castBallot,
  deliberation,
  getSitting,
  itemOf,
  loginMember,
  memberAccount,
  newKey,
  ok,
  setParisNow,
  sqlError,
} from '../deliberation-fixtures';
import { demoRequestId, stateOf } from '../psp-fixtures';
import { SittingBody, convene, createSitting, dayFromNow, memberId, sittingBody } from '../sitting-fixtures';
import { rawClient } from '../test-db';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

const VOTERS = 50;

/** Waits until `n` backends of the test database match a pg_stat_activity condition (e.g. wait on a lock). */
async function waitForBackends(t: TestApp, condition: string, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    // As the owner: pg_stat_activity hides other roles' wait events from the application's role.
    const rows: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${condition}`,
    );
    if (rows[0].n >= n) return;
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${n} backends with ${condition} (${rows[0].n})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The choice of voter i: 27 "pour", 17 "contre", 6 abstentions. */
const choiceOf = (i: number): BallotChoice => (i < 27 ? 'FAVOURABLE' : i < 44 ? 'UNFAVOURABLE' : 'ABSTENTION');

/**
 * 50 extra titulaires, all present at an examination sitting held today (the 17 demo
 * members stay away: 50 of 67 reach the quorum). Ballots are fired at the same instant.
 */
describe('deliberation integrity: concurrent ballots and a database that refuses late changes (VOTE-1, MAND-1, COI-1)', () => {
  let t: TestApp;
  let sec: TestClient;
  let sitting: SittingDto;
  let voters: { memberId: string; client: TestClient }[] = [];
  let P1: string;
  let P2: string;
  let P3: string;
  let mensah: string;

  const url = (itemId: string, action: string) => `/sittings/${sitting.id}/items/${itemId}/${action}`;

  beforeAll(async () => {
    t = await startTestApp();
    const day = dayFromNow(t, 1);
    setParisNow(t, `${day}T08:00`);
    const rows: { id: string }[] = await t.ds.query(
      `INSERT INTO member (departement_code, civility, first_name, last_name, category_code, organisation, function, email,
                           appointing_order_ref, term_start, term_end, voting_right, seat, appointment_kind)
       SELECT '86', CASE WHEN i % 2 = 0 THEN 'MME' ELSE 'M' END, 'Votant', 'Numéro ' || lpad(i::text, 2, '0'), 'ETAT_SANTE',
              'Organisme de test', 'Membre titulaire', 'votant-' || lpad(i::text, 2, '0') || '@integrite.test',
              'Arrêté préfectoral n° 86-2026-TEST', (now() - interval '1 year')::date, NULL, true, 'TITULAIRE', 'REPRESENTATIVE'
         FROM generate_series(0, $1 - 1) AS i
       RETURNING id`,
      [VOTERS],
    );
    const ordered: { id: string }[] = await t.ds.query(`SELECT id FROM member WHERE id = ANY($1) ORDER BY email`, [rows.map((r) => r.id)]);
    const emails: string[] = [];
    for (const r of ordered) emails.push(await memberAccount(t, r.id));
    const clients = await Promise.all(emails.map((e) => loginMember(t, e)));
    voters = ordered.map((r, i) => ({ memberId: r.id, client: clients[i] }));
    sec = await t.login(DEMO.secretariat);
    mensah = await demoRequestId(t, 'Mensah');

    sitting = await createSitting(sec, sittingBody('EXAMINATION', day, { startsAtLocal: `${day}T18:00` }));
    [P1, P2, P3] = sitting.agenda.map((i) => i.id);
    expect(sitting.agenda[0].requestId).toBe(mensah);
    await convene(sec, sitting.id, { urgent: true, urgencyReason: 'Demandes urgentes' });
    // Every voter answers at the same time: the sitting row serialises the answers, none is lost.
    const answers = await Promise.all(voters.map((v) => v.client.post<SittingBody>(`/sittings/${sitting.id}/attendance`, { answer: 'PRESENT' })));
    expect(answers.filter((r) => r.status !== 200)).toEqual([]);
    ok(await sec.post<SittingBody>(`/sittings/${sitting.id}/open`), 'open sitting');
    expect((await getSitting(sec, sitting.id)).quorum).toMatchObject({ base: 67, required: 34, present: VOTERS, reached: true });
  });

  afterAll(async () => {
    await t?.close();
  });

  it(`VOTE-1: ${VOTERS} members voting at the same instant, with duplicate retries: exactly ${VOTERS} ballots and ${VOTERS} CAST entries in one valid chain, and the right result`, async () => {
    const opened = itemOf(ok(await sec.post<DeliberationBody>(url(P1, 'vote/open')), 'open vote'), P1);
    expect(opened.eligibleCount).toBe(VOTERS);
    const keys = voters.map(() => newKey());
    const fire = (i: number) => castBallot(voters[i].client, sitting.id, P1, choiceOf(i), { clientKey: keys[i] });
    // 50 ballots, and 10 of them sent twice more (a reconnecting client retrying with the same key).
    const retries = [0, 5, 11, 17, 23, 29, 31, 38, 44, 49];
    const responses = await Promise.all([...voters.map((_, i) => fire(i)), ...retries.flatMap((i) => [fire(i), fire(i)])]);
    expect(responses.filter((r) => r.status !== 200).map((r) => [r.status, r.body.message])).toEqual([]);

    const rows = await ballots(t, P1);
    expect(rows).toHaveLength(VOTERS);
    expect(new Set(rows.map((b) => b.represented_member_id)).size).toBe(VOTERS);
    const byMember = new Map(rows.map((b) => [b.voter_member_id, b] as const));
    voters.forEach((v, i) => {
      expect(byMember.get(v.memberId)).toMatchObject({ represented_member_id: v.memberId, capacity: 'OWN', choice: choiceOf(i), version: 1, client_key: keys[i] });
    });

    const log = await ballotLog(t, P1);
    expect(log).toHaveLength(VOTERS);
    expect(log.every((l) => l.event === 'CAST')).toBe(true);
    expect(new Set(log.map((l) => l.ballot_id))).toEqual(new Set(rows.map((b) => b.id)));
    // One chain: each entry follows the previous one, from the genesis.
    log.forEach((l, i) => expect(l.prev_hash).toBe(i === 0 ? GENESIS_HASH : log[i - 1].hash));
    const service = t.app.get(DeliberationService);
    expect(await t.inScope('86', () => service.verifyBallotChain(P1))).toEqual({ ok: true, brokenId: null });

    const progress = itemOf(await deliberation(sec, sitting.id), P1);
    expect({ voted: progress.votedCount, notVoted: progress.notVoted }).toEqual({ voted: VOTERS, notVoted: [] });

    const closed = itemOf(ok(await sec.post<DeliberationBody>(url(P1, 'vote/close')), 'close vote'), P1);
    expect(closed.result).toMatchObject({
      opinion: 'FAVOURABLE',
      favourable: 27,
      unfavourable: 17,
      abstentions: 6,
      total: VOTERS,
      castingVote: false,
      text: 'Avis favorable : 27 voix pour, 17 contre, 6 abstentions ; majorité des suffrages exprimés, abstentions non comptées.',
      ballotChainHead: log[VOTERS - 1].hash,
    });
    expect(await stateOf(t, mensah)).toBe('OPINION_GIVEN');
    expect(await t.inScope('86', () => service.verifyBallotChain(P1))).toEqual({ ok: true, brokenId: null });
  });

  it('VOTE-1: closing the vote while ballots are in flight: a ballot written before the closing is counted, one after it is refused (409), none is lost', async () => {
    ok(await sec.post<DeliberationBody>(url(P2, 'vote/open')), 'open P2');
    const early = await Promise.all(voters.slice(0, 40).map((v, i) => castBallot(v.client, sitting.id, P2, choiceOf(i))));
    expect(early.filter((r) => r.status !== 200)).toEqual([]);

    // A DBA holds the item's ballot_log lock: the next ballots are written (the trigger holds the item
    // FOR SHARE, the foreign keys hold the sitting FOR KEY SHARE) but cannot commit. The closing then
    // waits for them on its FOR UPDATE row locks.
    const dba = await rawClient(t.db.url);
    try {
      await dba.query('BEGIN');
      await dba.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ballot_log:${P2}`]);
      const inFlight = voters.slice(40, 45).map((v, k) => castBallot(v.client, sitting.id, P2, choiceOf(40 + k)));
      await waitForBackends(t, `wait_event = 'advisory'`, 5);
      const closing = sec.post<DeliberationBody>(url(P2, 'vote/close'));
      await waitForBackends(t, `wait_event_type = 'Lock' AND wait_event <> 'advisory'`, 1);
      await dba.query('COMMIT');
      const [flown, close] = await Promise.all([Promise.all(inFlight), closing]);
      expect(flown.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const result = itemOf(ok(close, 'close P2'), P2).result;

      const late = await Promise.all(voters.slice(45).map((v, k) => castBallot(v.client, sitting.id, P2, choiceOf(45 + k))));
      expect(late.map((r) => [r.status, r.body.message])).toEqual(late.map(() => [409, 'Le vote sur ce point est clos.']));

      const counted = voters.slice(0, 45).map((_, i) => choiceOf(i));
      expect(result).toMatchObject({
        total: 45,
        favourable: counted.filter((c) => c === 'FAVOURABLE').length,
        unfavourable: counted.filter((c) => c === 'UNFAVOURABLE').length,
        abstentions: counted.filter((c) => c === 'ABSTENTION').length,
      });
      const rows = await ballots(t, P2);
      expect(rows.map((b) => b.voter_member_id).sort()).toEqual(voters.slice(0, 45).map((v) => v.memberId).sort());
      const log = await ballotLog(t, P2);
      expect(log).toHaveLength(45);
      expect(result?.ballotChainHead).toBe(log[44].hash);
      expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(P2))).toEqual({ ok: true, brokenId: null });
    } finally {
      await dba.query('ROLLBACK').catch(() => undefined);
      await dba.end();
    }
  });

  describe('after closing, the database itself refuses changes, even from the app\'s own connection', () => {
    let before: string;

    beforeAll(async () => {
      before = JSON.stringify(await ballots(t, P1));
    });

    it('VOTE-1: UPDATE, DELETE and INSERT on the ballots of a closed item are rejected by the database ("not open")', async () => {
      const update = await sqlError(() => t.ds.query(`UPDATE ballot SET choice = 'UNFAVOURABLE', version = version + 1 WHERE agenda_item_id = $1`, [P1]));
      expect(update).toMatch(/ballot UPDATE refused: the vote on item .* is not open/);
      const del = await sqlError(() => t.ds.query(`DELETE FROM ballot WHERE agenda_item_id = $1`, [P1]));
      expect(del).toMatch(/ballot DELETE refused: the vote on item .* is not open/);
      const marc = await memberId(t, 'ddets');
      const insert = await sqlError(() =>
        t.ds.query(
          `INSERT INTO ballot (agenda_item_id, sitting_id, voter_member_id, represented_member_id, capacity, choice, cast_at, updated_at)
           VALUES ($1, $2, $3, $3, 'OWN', 'UNFAVOURABLE', now(), now())`,
          [P1, sitting.id, marc],
        ),
      );
      expect(insert).toMatch(/ballot INSERT refused: the vote on item .* is not open/);
      // The application's role has no TRUNCATE privilege; the owner meets the trigger.
      expect(await sqlError(() => t.ds.query(`TRUNCATE ballot`))).toContain('permission denied for table ballot');
      expect(await sqlError(() => t.ownerDs.query(`TRUNCATE ballot`))).toContain('TRUNCATE refused');
      expect(JSON.stringify(await ballots(t, P1))).toBe(before);
    });

    it('VOTE-1: a ballot of a closed item cannot be moved to an item whose vote is open, nor one moved into the closed item', async () => {
      ok(await sec.post<DeliberationBody>(url(P3, 'vote/open')), 'open P3');
      ok(await castBallot(voters[0].client, sitting.id, P3, 'FAVOURABLE'), 'vote on P3');
      const target = (await ballots(t, P1)).find((b) => b.voter_member_id === voters[1].memberId);
      const out = await sqlError(() => t.ds.query(`UPDATE ballot SET agenda_item_id = $1 WHERE id = $2`, [P3, target?.id]));
      expect(out).toMatch(/ballot UPDATE refused: the vote on item .* is not open/);
      const into = await sqlError(() => t.ds.query(`UPDATE ballot SET agenda_item_id = $1 WHERE agenda_item_id = $2`, [P1, P3]));
      expect(into).toMatch(/ballot UPDATE refused: the vote on item .* is not open/);
      expect(JSON.stringify(await ballots(t, P1))).toBe(before);
      expect((await ballots(t, P3)).map((b) => b.voter_member_id)).toEqual([voters[0].memberId]);
    });

    it('VOTE-1: the result of a closed item is frozen: UPDATE of result, opinion, closing time or state is rejected; notes may still change', async () => {
      const frozen = /the result of agenda item .* is closed/;
      const attempts = [
        `UPDATE agenda_item SET result = jsonb_set(result, '{opinion}', '"UNFAVOURABLE"') WHERE id = $1`,
        `UPDATE agenda_item SET result = jsonb_set(result, '{favourable}', '50') WHERE id = $1`,
        `UPDATE agenda_item SET opinion = 'UNFAVOURABLE' WHERE id = $1`,
        `UPDATE agenda_item SET vote_closed_at = vote_closed_at + interval '1 hour' WHERE id = $1`,
        `UPDATE agenda_item SET vote_state = 'OPEN' WHERE id = $1`,
      ];
      for (const sql of attempts) expect({ sql, error: await sqlError(() => t.ds.query(sql, [P1])) }).toEqual({ sql, error: expect.stringMatching(frozen) });
      const rows: { opinion: string; vote_state: string; result: { opinion: string; favourable: number } }[] = await t.ds.query(
        `SELECT opinion, vote_state, result FROM agenda_item WHERE id = $1`,
        [P1],
      );
      expect(rows[0]).toMatchObject({ opinion: 'FAVOURABLE', vote_state: 'CLOSED', result: { opinion: 'FAVOURABLE', favourable: 27 } });
      // The frozen columns only: the secretariat's notes stay editable.
      expect(await sqlError(() => t.ds.query(`UPDATE agenda_item SET summary = 'Avis rendu après débat' WHERE id = $1`, [P1]))).toBeNull();
      expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(P1))).toEqual({ ok: true, brokenId: null });
    });
  });
});
