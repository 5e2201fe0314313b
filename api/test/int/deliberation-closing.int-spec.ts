import type { Client } from 'pg';
import type { SittingDto } from '@cdlp/shared';
import { DeliberationService } from '../../src/deliberation/deliberation.service';
import { chainHash } from '../../src/core/audit/audit-hash';
import { BallotLogRow, DeliberationBody, ballotLog, ballots, castBallot, deliberation, itemOf, loginMember, memberAccount, ok, sqlError } from '../deliberation-fixtures';
import { castOpenVotes, itemUrl, startDeliberationSitting } from '../deliberation-sitting';
import { stateOf } from '../psp-fixtures';
import { SittingBody, addPolicyItem, convene, createSitting, memberId, sittingBody } from '../sitting-fixtures';
import { rawClient } from '../test-db';
import { TestApp, TestClient } from '../test-app';

/**
 * Closing the online votes of the in-person examination sitting of deliberation-sitting.ts,
 * after the votes that deliberation-open-vote.int-spec casts (castOpenVotes): the results,
 * the tamper evidence of the ballots, and a second sitting chaired by a suppléant (MEMB-1).
 */
describe('deliberation: online vote of an in-person sitting (VOTE-1, COI-1, COMP-3, COMP-4, MAND-1, QUOR-1, PV-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, marc: TestClient;
  let laure: TestClient, agnes: TestClient, isabelle: TestClient, julien: TestClient, olivier: TestClient;
  let id: Record<string, string>, sitting: SittingDto, req: Record<'P1' | 'P2' | 'P3', string>;
  let P1: string, P2: string, Q1: string, Q2: string, Q3: string, Q4: string;

  beforeAll(async () => {
    const s = await startDeliberationSitting();
    ({ t, sec, pres, marc, laure, agnes, isabelle, julien, olivier, id, sitting, req, P1, P2, Q1, Q2, Q3, Q4 } = s);
    await castOpenVotes(s);
  });

  afterAll(() => t?.close());

  const url = (itemId: string, action: string) => itemUrl(sitting.id, itemId, action);
  const openVote = (c: TestClient, itemId: string) => c.post<DeliberationBody>(url(itemId, 'vote/open'));
  const closeVote = (c: TestClient, itemId: string) => c.post<DeliberationBody>(url(itemId, 'vote/close'));


  describe('closing the vote', () => {
    it('VOTE-1 / PSP-4: closing computes the opinion and writes it on the PSP request in the same transaction (OPINION_GIVEN)', async () => {
      const chair = itemOf(ok(await castBallot(pres, sitting.id, P1, 'FAVOURABLE'), 'chair votes'), P1);
      expect(chair.mySeats).toEqual([expect.objectContaining({ label: 'pour vous', choice: 'FAVOURABLE' })]);
      expect(await stateOf(t, req.P1)).toBe('ON_AGENDA');
      const headBefore = (await ballotLog(t, P1)).at(-1)?.hash;

      const closed = itemOf(ok(await closeVote(pres, P1), 'close P1'), P1);
      expect(closed.voteState).toBe('CLOSED');
      expect(closed.result).toEqual({
        opinion: 'FAVOURABLE',
        favourable: 4,
        unfavourable: 2,
        abstentions: 0,
        total: 6,
        rule: 'EXCLUDED',
        castingVote: false,
        text: 'Avis favorable : 4 voix pour, 2 contre, 0 abstention ; majorité des suffrages exprimés, abstentions non comptées.',
        participation: null,
        recusedMemberIds: expect.arrayContaining([id['asso1'], id['pj'], id['ars']]),
        ballotChainHead: headBefore,
      });
      expect(closed.result?.recusedMemberIds).toHaveLength(3);

      const rows: { state: string; opinion: string; x: string }[] = await t.ds.query(`SELECT state, opinion, xmin::text AS x FROM psp_request WHERE id = $1`, [req.P1]);
      const item: { opinion: string; vote_state: string; x: string }[] = await t.ds.query(`SELECT opinion, vote_state, xmin::text AS x FROM agenda_item WHERE id = $1`, [P1]);
      expect(rows[0]).toMatchObject({ state: 'OPINION_GIVEN', opinion: 'FAVOURABLE' });
      expect(item[0]).toMatchObject({ opinion: 'FAVOURABLE', vote_state: 'CLOSED' });
      // The same transaction wrote both rows.
      expect(rows[0].x).toBe(item[0].x);
    });

    it('VOTE-1: after closing, the result is frozen: ballots (409), a second closing (409) and declarations of interest (409) are refused', async () => {
      const late = await castBallot(olivier, sitting.id, P1, 'UNFAVOURABLE');
      expect(late.status).toBe(409);
      expect(late.body.message).toBe('Le vote sur ce point est clos.');
      const lateChange = await castBallot(marc, sitting.id, P1, 'ABSTENTION');
      expect(lateChange.status).toBe(409);
      expect((await closeVote(pres, P1)).status).toBe(409);
      expect((await marc.post(url(P1, 'interests'), { reason: 'Trop tard' })).status).toBe(409);
      const d = itemOf(await deliberation(marc, sitting.id), P1);
      expect(d.result).toMatchObject({ opinion: 'FAVOURABLE', favourable: 4, unfavourable: 2 });
      expect((await ballots(t, P1)).length).toBe(6);
    });

    it('PV-1: a dissent recorded after closing appears in GET deliberation; a recused member cannot record one (403)', async () => {
      const text = 'Je souhaite que mon désaccord soit consigné : le projet d’insertion est insuffisant.';
      ok(await marc.post<DeliberationBody>(url(P1, 'dissent'), { text }), 'dissent');
      expect(itemOf(await deliberation(olivier, sitting.id), P1).dissents).toEqual([{ memberId: id['ddets'], name: 'M. Marc Delorme', text }]);
      expect((await laure.post(url(P1, 'dissent'), { text: 'Moi aussi.' })).status).toBe(403);
    });

    it('VOTE-1: a tie is decided by the chair (castingVote true, "voix de la présidence est prépondérante")', async () => {
      ok(await castBallot(pres, sitting.id, Q1, 'FAVOURABLE'), 'chair on Q1');
      ok(await castBallot(marc, sitting.id, Q1, 'UNFAVOURABLE'), 'Marc on Q1');
      const q = itemOf(ok(await closeVote(pres, Q1), 'close Q1'), Q1);
      expect(q.result).toMatchObject({ opinion: 'FAVOURABLE', favourable: 1, unfavourable: 1, abstentions: 1, castingVote: true });
      expect(q.result?.text).toBe(
        'Avis favorable : 1 voix pour, 1 contre, 1 abstention ; partage égal des voix, la voix de la présidence est prépondérante ; majorité des suffrages exprimés, abstentions non comptées.',
      );
      const rows = await ballots(t, Q1);
      expect(rows.filter((b) => b.by_president).map((b) => b.voter_member_id)).toEqual([id['prefet']]);
    });

    it('VOTE-1: a tie without the chair\'s vote adopts no opinion', async () => {
      ok(await openVote(pres, Q4), 'open Q4');
      ok(await castBallot(isabelle, sitting.id, Q4, 'FAVOURABLE'), 'Isabelle on Q4');
      ok(await castBallot(olivier, sitting.id, Q4, 'UNFAVOURABLE'), 'Olivier on Q4');
      ok(await castBallot(pres, sitting.id, Q4, 'ABSTENTION'), 'chair abstains on Q4');
      const q = itemOf(ok(await closeVote(pres, Q4), 'close Q4'), Q4);
      expect(q.result).toMatchObject({ opinion: null, castingVote: false });
      expect(q.result?.text).toContain('partage égal des voix');
    });

    it('VOTE-1: the abstention setting changes the outcome: the same ballots are favourable with abstentions EXCLUDED, unfavourable when COUNTED', async () => {
      const vote = async (itemId: string) => {
        ok(await openVote(pres, itemId), 'open');
        ok(await castBallot(isabelle, sitting.id, itemId, 'FAVOURABLE'), 'Isabelle');
        ok(await castBallot(olivier, sitting.id, itemId, 'FAVOURABLE'), 'Olivier');
        ok(await castBallot(julien, sitting.id, itemId, 'UNFAVOURABLE'), 'Julien');
        ok(await castBallot(marc, sitting.id, itemId, 'ABSTENTION'), 'Marc');
        ok(await castBallot(agnes, sitting.id, itemId, 'ABSTENTION'), 'Agnès');
      };
      await vote(Q2);
      const excluded = itemOf(ok(await closeVote(pres, Q2), 'close Q2'), Q2).result;
      expect(excluded).toMatchObject({ opinion: 'FAVOURABLE', rule: 'EXCLUDED', favourable: 2, unfavourable: 1, abstentions: 2, total: 5 });
      expect(excluded?.text).toBe('Avis favorable : 2 voix pour, 1 contre, 2 abstentions ; majorité des suffrages exprimés, abstentions non comptées.');

      await vote(Q3);
      await t.ds.query(`UPDATE parameter SET value = 1 WHERE key = 'vote.abstentions_counted'`);
      try {
        expect((await deliberation(sec, sitting.id)).abstentionRule).toBe('COUNTED');
        const counted = itemOf(ok(await closeVote(pres, Q3), 'close Q3'), Q3).result;
        expect(counted).toMatchObject({ opinion: 'UNFAVOURABLE', rule: 'COUNTED', favourable: 2, unfavourable: 1, abstentions: 2, total: 5 });
        expect(counted?.text).toBe(
          "Avis défavorable : 2 voix pour, 1 contre, 2 abstentions ; majorité des votants, abstentions comptées (l'avis favorable n'a pas recueilli la majorité absolue).",
        );
        // The result closed earlier keeps the rule it was adopted under.
        expect(itemOf(await deliberation(sec, sitting.id), Q2).result).toMatchObject({ opinion: 'FAVOURABLE', rule: 'EXCLUDED' });
      } finally {
        await t.ds.query(`UPDATE parameter SET value = 0 WHERE key = 'vote.abstentions_counted'`);
      }
    });

    it('PSP-4: the sitting cannot close while a vote is open (409); once closed, requests without an opinion go back to COMPLETE', async () => {
      const refused = await pres.post<SittingBody>(`/sittings/${sitting.id}/close`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('Le vote est encore ouvert');
      const p2 = itemOf(ok(await closeVote(pres, P2), 'close P2'), P2);
      expect(p2.result).toMatchObject({ opinion: null, abstentions: 2, text: 'Aucun avis adopté : 0 voix pour, 0 contre, 2 abstentions ; aucun suffrage exprimé.' });
      expect(p2.result?.recusedMemberIds.sort()).toEqual([id['asso1'], id['gendarmerie']].sort());
      ok(await pres.post<SittingBody>(`/sittings/${sitting.id}/close`), 'close sitting');
      expect(await Promise.all([stateOf(t, req.P1), stateOf(t, req.P2), stateOf(t, req.P3)])).toEqual(['OPINION_GIVEN', 'COMPLETE', 'COMPLETE']);
    });
  });

  describe('tamper evidence of the ballots', () => {
    it('VOTE-1: after closing, the ballot chain of each item verifies; the app cannot rewrite it (append-only)', async () => {
      const service = t.app.get(DeliberationService);
      for (const item of [P1, P2, Q1, Q2, Q3, Q4]) expect({ item, ...(await t.inScope('86', () => service.verifyBallotChain(item))) }).toEqual({ item, ok: true, brokenId: null });
      const first = (await ballotLog(t, P1))[0];
      // The application's role has no UPDATE or DELETE privilege on the log; the owner meets the trigger.
      expect(await sqlError(() => t.ds.query(`UPDATE ballot_log SET choice = 'UNFAVOURABLE' WHERE id = $1`, [first.id]))).toContain('permission denied');
      expect(await sqlError(() => t.ds.query(`DELETE FROM ballot_log WHERE id = $1`, [first.id]))).toContain('permission denied');
      expect(await sqlError(() => t.ownerDs.query(`UPDATE ballot_log SET choice = 'UNFAVOURABLE' WHERE id = $1`, [first.id]))).toContain('append-only');
      expect(await sqlError(() => t.ownerDs.query(`DELETE FROM ballot_log WHERE id = $1`, [first.id]))).toContain('append-only');
    });

    describe('as a DBA bypassing the triggers (session_replication_role = replica)', () => {
      let dba: Client;
      beforeAll(async () => {
        dba = await rawClient(t.db.url);
        await dba.query(`SET session_replication_role = replica`);
      });
      afterAll(async () => {
        await dba?.end();
      });

      it('VOTE-1: changing the choice of a log row breaks the chain at that row', async () => {
        const log = await ballotLog(t, P1);
        const target = log.find((l) => l.event === 'CAST' && l.choice === 'FAVOURABLE');
        expect(target).toBeDefined();
        await dba.query(`UPDATE ballot_log SET choice = 'UNFAVOURABLE' WHERE id = $1`, [target?.id]);
        expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(P1))).toEqual({ ok: false, brokenId: target?.id });
        // The other items' chains are untouched.
        expect((await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(Q2))).ok).toBe(true);
      });

      it('VOTE-1: deleting the last log rows of a closed item breaks the chain (the head is frozen in the result)', async () => {
        const log = await ballotLog(t, Q2);
        expect(log.length).toBe(5);
        await dba.query(`DELETE FROM ballot_log WHERE id = $1`, [log[4].id]);
        // What is left is a valid chain, but it no longer ends at the head frozen when the vote closed.
        expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(Q2))).toEqual({ ok: false, brokenId: log[3].id });
        await dba.query(`DELETE FROM ballot_log WHERE agenda_item_id = $1`, [Q3]);
        expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(Q3))).toEqual({ ok: false, brokenId: null });
      });

      it('VOTE-1: an entry appended to the log of a closed item, even one correctly chained, breaks the chain', async () => {
        const last = (await ballotLog(t, Q4)).at(-1) as BallotLogRow;
        const at = t.clock.now();
        const hash = chainHash(last.hash, {
          occurredAt: at.toISOString(),
          actorUserId: null,
          actorRole: null,
          action: 'CHANGE',
          entityType: 'ballot',
          entityId: last.ballot_id,
          requestId: null,
          details: { itemId: Q4, voter: last.voter_member_id, represented: last.represented_member_id, capacity: last.capacity, choice: 'FAVOURABLE' },
        });
        const append = `INSERT INTO ballot_log (agenda_item_id, ballot_id, event, voter_member_id, represented_member_id, capacity, choice, at, prev_hash, hash)
           VALUES ($1, $2, 'CHANGE', $3, $4, $5, 'FAVOURABLE', $6, $7, $8)`;
        const params = [Q4, last.ballot_id, last.voter_member_id, last.represented_member_id, last.capacity, at, last.hash, hash];
        // The app's connection cannot append to the chain of a closed vote…
        await expect(t.ds.query(append, params)).rejects.toThrow(/not open/);
        // …and when a DBA bypasses the triggers, the verification tells.
        await dba.query(append, params);
        const appended = (await ballotLog(t, Q4)).at(-1);
        expect(appended?.hash).toBe(hash);
        expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(Q4))).toEqual({ ok: false, brokenId: appended?.id });
      });
    });
  });

  describe('MEMB-1: a suppléant sitting for the absent présidente', () => {
    let s2: SittingDto;
    let etienne: TestClient;
    let R1: string;
    let R2: string;

    beforeAll(async () => {
      id['sg'] = await memberId(t, 'sg');
      etienne = await loginMember(t, await memberAccount(t, id['sg']));
      const day = sitting.startsAt.slice(0, 10);
      s2 = await createSitting(sec, sittingBody('POLICY', day, { startsAtLocal: `${day}T20:00`, title: 'Séance de stratégie' }));
      s2 = await addPolicyItem(sec, s2.id, 'Projet de stratégie départementale');
      s2 = await addPolicyItem(sec, s2.id, 'Convention avec l’association Passerelles');
      [R1, R2] = s2.agenda.map((i) => i.id);
      await convene(sec, s2.id, { urgent: true, urgencyReason: 'Échéance de la stratégie nationale' });
      const answer2 = (k: string, body: Record<string, unknown>) => sec.post(`/sittings/${s2.id}/attendance`, { memberId: id[k], ...body });
      ok(await answer2('prefet', { answer: 'SUBSTITUTED' }), 'prefet substituted');
      for (const k of ['ddfe', 'ddets', 'dipn', 'pj', 'travail', 'education', 'ars', 'medecin']) ok(await answer2(k, { answer: 'PRESENT' }), `answer ${k}`);
      ok(await sec.post(`/sittings/${s2.id}/open`), 'open s2');
    });

    it('COMP-1 / MEMB-1: the suppléant chairs by délégation, sees the deliberation and votes "pour Mme Claire Morvan (suppléance)"', async () => {
      const d = await deliberation(etienne, s2.id);
      expect(d.chairName).toBe('M. Étienne Raynal');
      expect(d.chairDelegation).toBe('Secrétaire général, par délégation de Mme Claire Morvan (Préfète)');
      ok(await sec.post(`/sittings/${s2.id}/items/${R1}/vote/open`), 'open R1');
      const item = itemOf(await deliberation(etienne, s2.id), R1);
      expect(item.mySeats).toEqual([
        { capacity: 'OWN', representedMemberId: id['prefet'], label: 'pour Mme Claire Morvan (suppléance)', choice: null, reason: null, blockedReason: null },
      ]);
    });

    it('VOTE-1: the vote of the suppléant who chairs decides a tie (castingVote true)', async () => {
      ok(await castBallot(etienne, s2.id, R1, 'UNFAVOURABLE'), 'chair votes');
      ok(await castBallot(marc, s2.id, R1, 'FAVOURABLE'), 'Marc votes');
      const rows = await ballots(t, R1);
      expect(rows.map((b) => [b.voter_member_id, b.represented_member_id, b.by_president])).toEqual([
        [id['sg'], id['prefet'], true],
        [id['ddets'], id['ddets'], false],
      ]);
      const r = itemOf(ok(await sec.post<DeliberationBody>(`/sittings/${s2.id}/items/${R1}/vote/close`), 'close R1'), R1);
      expect(r.result).toMatchObject({ opinion: 'UNFAVOURABLE', favourable: 1, unfavourable: 1, castingVote: true });
      expect(r.result?.text).toContain('la voix de la présidence est prépondérante');
    });

    it('COI-1 / MEMB-1: the suppléant who sits may declare an interest; he then cannot vote on the item (403)', async () => {
      ok(await sec.post(`/sittings/${s2.id}/items/${R2}/vote/open`), 'open R2');
      const d = itemOf(ok(await etienne.post<DeliberationBody>(`/sittings/${s2.id}/items/${R2}/interests`, { reason: 'Je siège au conseil d’administration de l’association' }), 'interest'), R2);
      expect(d).toMatchObject({ iAmRecused: true, voters: null, mySeats: [] });
      expect(d.recusals.map((r) => r.name)).toEqual(['M. Étienne Raynal']);
      const r = await castBallot(etienne, s2.id, R2, 'FAVOURABLE');
      expect(r.status).toBe(403);
      expect(r.body.message).toContain('COI-1');
    });
  });
});
