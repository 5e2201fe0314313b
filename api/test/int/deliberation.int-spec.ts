import type { Client } from 'pg';
import type { SittingDto } from '@cdlp/shared';
import { DeliberationService } from '../../src/deliberation/deliberation.service';
import { chainHash } from '../../src/core/audit/audit-hash';
import {
  BallotLogRow,
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
import { SittingBody, addPolicyItem, convene, createSitting, dayFromNow, expectFieldError, memberId, sittingBody } from '../sitting-fixtures';
import { rawClient } from '../test-db';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

/**
 * An in-person examination sitting held today: 3 PSP requests and 4 policy items.
 * Present: the présidente (chair), the secretariat's member, Marc Delorme (holding the
 * mandate of Hélène Castaing), Julien Ferrand (holding the mandate of Thomas Guérin),
 * Laure Vasseur, Isabelle Roche, Olivier Marchand, Camille Berthier, Pierre Vidal,
 * Léa Moreau (association presenting every request, COMP-4), Samuel Nguyen,
 * Agnès Collet (excluded from PSP items, COMP-3), and Bruno Lacroix, suppléant sitting
 * for Martine Jourdain (MEMB-1). 13 present + 2 mandates = 15 of 17.
 */
describe('deliberation: online vote of an in-person sitting (VOTE-1, COI-1, COMP-3, COMP-4, MAND-1, QUOR-1, PV-1)', () => {
  let t: TestApp;
  let sec: TestClient;
  let pres: TestClient;
  let marc: TestClient;
  let julien: TestClient;
  let laure: TestClient;
  let agnes: TestClient;
  let isabelle: TestClient;
  let olivier: TestClient;
  let camille: TestClient;
  let bruno: TestClient;
  const id: Record<string, string> = {};
  let sitting: SittingDto;
  /** PSP items (Mensah, Garnier, Wei) and policy items. */
  let P1: string;
  let P2: string;
  let P3: string;
  let Q1: string;
  let Q2: string;
  let Q3: string;
  let Q4: string;
  const req: Record<'P1' | 'P2' | 'P3', string> = { P1: '', P2: '', P3: '' };

  const url = (itemId: string, action: string) => `/sittings/${sitting.id}/items/${itemId}/${action}`;
  const openVote = (c: TestClient, itemId: string) => c.post<DeliberationBody>(url(itemId, 'vote/open'));
  const closeVote = (c: TestClient, itemId: string) => c.post<DeliberationBody>(url(itemId, 'vote/close'));
  const answer = (memberKey: string, body: Record<string, unknown>) =>
    sec.post<SittingBody>(`/sittings/${sitting.id}/attendance`, { memberId: id[memberKey], ...body });
  const register = (memberKey: string, presence: 'PRESENT' | 'ABSENT') =>
    sec.post<SittingBody>(`/sittings/${sitting.id}/register`, { memberId: id[memberKey], presence });

  beforeAll(async () => {
    t = await startTestApp();
    // The sitting is held tomorrow at 18:00; the day starts at 08:00 (the clock is moved before any login).
    const day = dayFromNow(t, 1);
    setParisNow(t, `${day}T08:00`);
    const keys = ['prefet', 'magistrat', 'ddfe', 'ddets', 'dipn', 'pj', 'gendarmerie', 'etrangers', 'travail', 'education', 'ars', 'elue', 'elue-s', 'medecin', 'asso1', 'asso2', 'ase', 'pcd'];
    for (const k of keys) id[k] = await memberId(t, k);
    const emails = await Promise.all(['dipn', 'pj', 'ase', 'travail', 'education', 'ars', 'elue-s'].map((k) => memberAccount(t, id[k])));
    [sec, pres, marc, julien, laure, agnes, isabelle, olivier, camille, bruno] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
      ...emails.map((e) => loginMember(t, e)),
    ]);
    [req.P1, req.P2, req.P3] = await Promise.all(['Mensah', 'Garnier', 'Wei'].map((n) => demoRequestId(t, n)));

    sitting = await createSitting(sec, sittingBody('EXAMINATION', day, { startsAtLocal: `${day}T18:00` }));
    for (const title of ['Bilan annuel des parcours de sortie', 'Plan de formation des membres', 'Calendrier des séances 2027', 'Charte de confidentialité']) {
      sitting = await addPolicyItem(sec, sitting.id, title);
    }
    const byRequest = (r: string) => sitting.agenda.find((i) => i.requestId === r)?.id as string;
    [P1, P2, P3] = [byRequest(req.P1), byRequest(req.P2), byRequest(req.P3)];
    [Q1, Q2, Q3, Q4] = sitting.agenda.filter((i) => i.kind === 'POLICY').map((i) => i.id);
    // With policy items on the agenda, the COMP-3 members are convened (for those items only).
    expect(sitting.members).toHaveLength(17);
    await convene(sec, sitting.id, { urgent: true, urgencyReason: 'Demande urgente de mise à l’abri (PSP-4)' });
    for (const k of ['prefet', 'ddfe', 'ddets', 'dipn', 'pj', 'travail', 'education', 'ars', 'medecin', 'asso1', 'asso2', 'ase']) {
      ok(await answer(k, { answer: 'PRESENT' }), `answer ${k}`);
    }
    ok(await answer('pcd', { answer: 'ABSENT' }), 'answer pcd');
    ok(await answer('elue', { answer: 'SUBSTITUTED' }), 'answer elue');
    ok(await answer('magistrat', { answer: 'MANDATE', mandateHolderId: id['ddets'] }), 'mandate magistrat');
    ok(await answer('gendarmerie', { answer: 'MANDATE', mandateHolderId: id['dipn'] }), 'mandate gendarmerie');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('before the vote', () => {
    it('MAND-1: nobody holds more than one mandate: a second mandate to the same holder is refused (400 mandateHolderId)', async () => {
      const r = await answer('etrangers', { answer: 'MANDATE', mandateHolderId: id['dipn'] });
      expectFieldError(r, 'mandateHolderId', /détient déjà un mandat.*MAND-1/);
      const rows: { answer: string | null }[] = await t.ds.query(`SELECT answer FROM sitting_member WHERE sitting_id = $1 AND member_id = $2`, [sitting.id, id['etrangers']]);
      expect(rows[0].answer).toBeNull();
    });

    it('VOTE-1: a ballot is refused (409) before the sitting opens, and after it opens while the vote on the item is not opened', async () => {
      const before = await castBallot(marc, sitting.id, P1, 'FAVOURABLE');
      expect(before.status).toBe(409);
      expect(before.body.message).toBe("Le vote sur ce point n'est pas encore ouvert.");

      ok(await pres.post<SittingBody>(`/sittings/${sitting.id}/open`), 'open sitting');
      const d = await deliberation(sec, sitting.id);
      // COMP-1: the présidente, present, chairs.
      expect(d.chairName).toBe('Mme Claire Morvan');
      expect(d.abstentionRule).toBe('EXCLUDED');
      expect(d.items.map((i) => i.voteState)).toEqual(Array(7).fill('NOT_OPENED'));

      const after = await castBallot(marc, sitting.id, P1, 'FAVOURABLE');
      expect(after.status).toBe(409);
      expect(after.body.message).toBe("Le vote sur ce point n'est pas encore ouvert.");
      expect(await ballots(t, P1)).toEqual([]);
    });

    it('QUOR-1: opening a vote without quorum is refused with the quorum computation (8 of 17, 9 required)', async () => {
      const leaving = ['travail', 'education', 'ars', 'medecin', 'asso1', 'asso2', 'ase'];
      for (const k of leaving) ok(await register(k, 'ABSENT'), `register ${k}`);
      const quorum = (await getSitting(sec, sitting.id)).quorum;
      expect(quorum).toMatchObject({ rule: 'QUOR-1', base: 17, required: 9, present: 6, represented: 2, counted: 8, reached: false });

      const r = await openVote(pres, P1);
      expect(r.status).toBe(409);
      expect(r.body.message).toBe(
        '8 membres présents ou représentés sur 17 : quorum non atteint (9 requis) : la commission ne peut pas délibérer (QUOR-1). Proposez une seconde convocation (QUOR-2).',
      );
      expect(r.body.message).toContain(quorum.text);
      expect(itemOf(await deliberation(sec, sitting.id), P1).voteState).toBe('NOT_OPENED');

      for (const k of leaving) ok(await register(k, 'PRESENT'), `register ${k}`);
      expect((await getSitting(sec, sitting.id)).quorum).toMatchObject({ present: 13, represented: 2, counted: 15, reached: true });
    });

    it('COI-1: a member may declare an interest before the vote opens (Thomas Guérin on the second request, by the secretariat)', async () => {
      const r = await sec.post<DeliberationBody>(url(P2, 'interests'), { reason: 'Lien familial avec la personne accompagnée', memberId: id['gendarmerie'] });
      const item = itemOf(ok(r, 'declare interest'), P2);
      expect(item.recusals).toEqual([{ memberId: id['gendarmerie'], name: 'M. Thomas Guérin', reason: 'Lien familial avec la personne accompagnée', automatic: false }]);
    });
  });

  describe('while the vote is open', () => {
    it('COMP-4: opening the vote on a PSP request recuses Léa Moreau automatically (she represents the presenting association)', async () => {
      const opened = itemOf(ok(await openVote(pres, P1), 'open vote'), P1);
      expect(opened.voteState).toBe('OPEN');
      expect(opened.openedAt).not.toBeNull();
      expect(opened.recusals).toEqual([
        { memberId: id['asso1'], name: 'Mme Léa Moreau', reason: "Représentant de l'association qui présente le dossier (COMP-4)", automatic: true },
      ]);
      // 10 members present and entitled to vote on the item (not Léa Moreau, not Agnès Collet), 1 suppléant and 2 mandates.
      expect(opened.eligibleCount).toBe(13);
      expect(opened.notVoted?.map((n) => n.name)).not.toContain('Mme Léa Moreau');
      // Her vote cannot be recorded either, even by the secretariat on her behalf.
      const onBehalf = await castBallot(sec, sitting.id, P1, 'FAVOURABLE', { memberId: id['asso1'] });
      expect(onBehalf.status).toBe(403);
      expect(onBehalf.body.message).toContain('COI-1');
      // A policy item has no presenting association: nobody is recused on it.
      ok(await openVote(pres, Q1), 'open Q1');
      expect(itemOf(await deliberation(sec, sitting.id), Q1).recusals).toEqual([]);
    });

    it('COMP-3: a member excluded from individual examinations cannot vote on a PSP item (403) and does not see it, but votes on a policy item', async () => {
      const r = await castBallot(agnes, sitting.id, P1, 'FAVOURABLE');
      expect(r.status).toBe(403);
      expect(r.body.message).toContain('COMP-3');
      const seen = await deliberation(agnes, sitting.id);
      expect(seen.items.map((i) => i.itemId)).toEqual([Q1, Q2, Q3, Q4]);
      const q = itemOf(ok(await castBallot(agnes, sitting.id, Q1, 'ABSTENTION'), 'Agnès on Q1'), Q1);
      expect(q.mySeats).toEqual([{ capacity: 'OWN', representedMemberId: id['ase'], label: 'pour vous', choice: 'ABSTENTION', reason: null, blockedReason: null }]);
      expect((await ballots(t, P1)).length).toBe(0);
    });

    it('MAND-1: a PROXY ballot from a member who holds no mandate is refused (400, field capacity)', async () => {
      const r = await castBallot(laure, sitting.id, P1, 'FAVOURABLE', { capacity: 'PROXY' });
      expectFieldError(r, 'capacity', 'Vous ne détenez pas de mandat valable pour ce point (MAND-1).');
      expect(await ballots(t, P1)).toEqual([]);
    });

    it('COI-1: a member who declared an interest cannot vote on the item (403)', async () => {
      const declared = itemOf(ok(await laure.post<DeliberationBody>(url(P1, 'interests'), { reason: 'Ancienne référente du dossier' }), 'interest'), P1);
      expect(declared.iAmRecused).toBe(true);
      expect(declared.mySeats).toEqual([]);
      const r = await castBallot(laure, sitting.id, P1, 'UNFAVOURABLE');
      expect(r.status).toBe(403);
      expect(r.body.message).toBe('Vous avez un intérêt déclaré sur ce point : vous ne prenez pas part au vote (COI-1).');
      expect(await ballots(t, P1)).toEqual([]);
    });

    it('MAND-1: a mandate holder has two seats ("pour vous", "pour Mme Hélène Castaing") and casts two ballots', async () => {
      const before = itemOf(await deliberation(marc, sitting.id), P1);
      expect(before.mySeats).toEqual([
        { capacity: 'OWN', representedMemberId: id['ddets'], label: 'pour vous', choice: null, reason: null, blockedReason: null },
        { capacity: 'PROXY', representedMemberId: id['magistrat'], label: 'pour Mme Hélène Castaing', choice: null, reason: null, blockedReason: null },
      ]);
      ok(await castBallot(marc, sitting.id, P1, 'FAVOURABLE'), 'Marc own');
      const after = itemOf(ok(await castBallot(marc, sitting.id, P1, 'UNFAVOURABLE', { capacity: 'PROXY', reason: 'Consigne de vote de Mme Castaing' }), 'Marc proxy'), P1);
      expect(after.mySeats.map((s) => [s.label, s.choice, s.reason])).toEqual([
        ['pour vous', 'FAVOURABLE', null],
        ['pour Mme Hélène Castaing', 'UNFAVOURABLE', 'Consigne de vote de Mme Castaing'],
      ]);
      const rows = await ballots(t, P1);
      expect(rows.map((b) => [b.voter_member_id, b.represented_member_id, b.capacity, b.choice])).toEqual([
        [id['ddets'], id['ddets'], 'OWN', 'FAVOURABLE'],
        [id['ddets'], id['magistrat'], 'PROXY', 'UNFAVOURABLE'],
      ]);
      // A second PROXY ballot is the same seat: it changes the vote, it does not add one.
      ok(await castBallot(marc, sitting.id, P1, 'UNFAVOURABLE', { capacity: 'PROXY' }), 'Marc proxy again');
      expect((await ballots(t, P1)).length).toBe(2);
    });

    it('VOTE-1: a member changes their vote while it is open: one ballot, version 2, and the log holds CAST then CHANGE', async () => {
      ok(await castBallot(julien, sitting.id, P1, 'FAVOURABLE'), 'Julien first');
      const changed = itemOf(ok(await castBallot(julien, sitting.id, P1, 'UNFAVOURABLE', { reason: 'Après lecture du rapport' }), 'Julien change'), P1);
      expect(changed.mySeats.find((s) => s.capacity === 'OWN')).toMatchObject({ choice: 'UNFAVOURABLE', reason: 'Après lecture du rapport' });
      const mine = (await ballots(t, P1)).filter((b) => b.voter_member_id === id['dipn']);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ choice: 'UNFAVOURABLE', version: 2, capacity: 'OWN', by_president: false });
      const log = (await ballotLog(t, P1)).filter((l) => l.ballot_id === mine[0].id);
      expect(log.map((l) => [l.event, l.choice])).toEqual([
        ['CAST', 'FAVOURABLE'],
        ['CHANGE', 'UNFAVOURABLE'],
      ]);
      expect(log[1].prev_hash).toBe(log[0].hash);
    });

    it('VOTE-1: idempotency: the same clientKey sent twice (one after the other, or at the same time) records one ballot and one log entry', async () => {
      const key = newKey();
      const first = await castBallot(isabelle, sitting.id, P1, 'FAVOURABLE', { clientKey: key });
      const again = await castBallot(isabelle, sitting.id, P1, 'FAVOURABLE', { clientKey: key });
      expect([first.status, again.status]).toEqual([200, 200]);
      const twin = newKey();
      const both = await Promise.all([
        castBallot(olivier, sitting.id, P1, 'FAVOURABLE', { clientKey: twin }),
        castBallot(olivier, sitting.id, P1, 'FAVOURABLE', { clientKey: twin }),
      ]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      const rows = (await ballots(t, P1)).filter((b) => [id['travail'], id['education']].includes(b.voter_member_id));
      expect(rows.map((b) => [b.voter_member_id, b.version, b.client_key])).toEqual([
        [id['travail'], 1, key],
        [id['education'], 1, twin],
      ]);
      const log = await ballotLog(t, P1);
      expect(log.filter((l) => l.voter_member_id === id['travail']).map((l) => l.event)).toEqual(['CAST']);
      expect(log.filter((l) => l.voter_member_id === id['education']).map((l) => l.event)).toEqual(['CAST']);
    });

    it('VOTE-1 / COI-1: while the vote is open, everyone sees who voted (names, never choices); a recused member sees no progress (voters null)', async () => {
      const d = itemOf(await deliberation(marc, sitting.id), P1);
      expect(d.result).toBeNull();
      expect(d.votedCount).toBe(5);
      expect(d.voters).toEqual(
        expect.arrayContaining([
          { memberId: id['ddets'], name: 'M. Marc Delorme', capacity: 'OWN', forName: null },
          { memberId: id['ddets'], name: 'M. Marc Delorme', capacity: 'PROXY', forName: 'Mme Hélène Castaing' },
          { memberId: id['dipn'], name: 'M. Julien Ferrand', capacity: 'OWN', forName: null },
          { memberId: id['travail'], name: 'Mme Isabelle Roche', capacity: 'OWN', forName: null },
          { memberId: id['education'], name: 'M. Olivier Marchand', capacity: 'OWN', forName: null },
        ]),
      );
      expect(d.voters).toHaveLength(5);
      for (const v of d.voters ?? []) expect(Object.keys(v).sort()).toEqual(['capacity', 'forName', 'memberId', 'name']);
      // Nothing in another member's view tells what anyone voted.
      const other = itemOf(await deliberation(olivier, sitting.id), P1);
      const withoutOwnSeat = JSON.stringify({ ...other, mySeats: [] });
      expect(withoutOwnSeat).not.toMatch(/FAVOURABLE|UNFAVOURABLE|ABSTENTION/);
      expect(other.notVoted).toBeNull();
      // The secretariat sees who has not voted yet.
      const secView = itemOf(await deliberation(sec, sitting.id), P1);
      expect(secView.notVoted?.map((n) => n.name).sort()).toEqual(
        ['M. Bruno Lacroix', 'M. Julien Ferrand', 'M. Pierre Vidal', 'M. Samuel Nguyen', 'Mme Camille Berthier', 'Mme Claire Morvan', 'Mme Sophie Lemaire'].sort(),
      );
      // COI-1: the recused member is out of the discussion of the item: no live tally.
      const recused = itemOf(await deliberation(laure, sitting.id), P1);
      expect(recused).toMatchObject({ iAmRecused: true, voters: null, mySeats: [] });
    });

    it('COI-1: declaring an interest after voting withdraws the ballot (WITHDRAW in the log, chain intact)', async () => {
      ok(await castBallot(camille, sitting.id, P1, 'FAVOURABLE'), 'Camille votes');
      const ballot = (await ballots(t, P1)).find((b) => b.voter_member_id === id['ars']);
      expect(ballot).toBeDefined();
      const d = itemOf(ok(await camille.post<DeliberationBody>(url(P1, 'interests'), { reason: 'Je finance l’association par une subvention' }), 'interest'), P1);
      expect(d.iAmRecused).toBe(true);
      expect(d.recusals.map((r) => [r.name, r.automatic])).toEqual(
        expect.arrayContaining([
          ['Mme Camille Berthier', false],
          ['Mme Léa Moreau', true],
          ['Mme Laure Vasseur', false],
        ]),
      );
      expect((await ballots(t, P1)).find((b) => b.voter_member_id === id['ars'])).toBeUndefined();
      const log = (await ballotLog(t, P1)).filter((l) => l.ballot_id === ballot?.id);
      expect(log.map((l) => [l.event, l.choice])).toEqual([
        ['CAST', 'FAVOURABLE'],
        ['WITHDRAW', null],
      ]);
      expect(itemOf(await deliberation(sec, sitting.id), P1).eligibleCount).toBe(11);
      expect(await t.inScope('86', () => t.app.get(DeliberationService).verifyBallotChain(P1))).toEqual({ ok: true, brokenId: null });
    });

    it('COI-1: a mandate holder cannot cast the vote of a giver who declared an interest (403), and keeps their own vote', async () => {
      ok(await openVote(pres, P2), 'open P2');
      const seats = itemOf(await deliberation(julien, sitting.id), P2).mySeats;
      expect(seats.map((s) => s.capacity)).toEqual(['OWN']);
      const r = await castBallot(julien, sitting.id, P2, 'FAVOURABLE', { capacity: 'PROXY' });
      expect(r.status).toBe(403);
      expect(r.body.message).toBe('Le membre que vous représentez a un intérêt déclaré sur ce point : son vote ne peut pas être exprimé (COI-1).');
      ok(await castBallot(julien, sitting.id, P2, 'ABSTENTION'), 'Julien own on P2');
      expect((await ballots(t, P2)).map((b) => [b.represented_member_id, b.capacity])).toEqual([[id['dipn'], 'OWN']]);
    });

    it('MEMB-1: a suppléant sitting for an absent titulaire sees the PSP items and casts her vote ("pour Mme Martine Jourdain (suppléance)")', async () => {
      const d = await deliberation(bruno, sitting.id);
      expect(d.items.map((i) => i.itemId)).toEqual([P1, P2, P3, Q1, Q2, Q3, Q4]);
      expect(itemOf(d, P2).mySeats).toEqual([
        { capacity: 'OWN', representedMemberId: id['elue'], label: 'pour Mme Martine Jourdain (suppléance)', choice: null, reason: null, blockedReason: null },
      ]);
      ok(await castBallot(bruno, sitting.id, P2, 'ABSTENTION'), 'Bruno on P2');
      expect((await ballots(t, P2)).find((b) => b.voter_member_id === id['elue-s'])).toMatchObject({ represented_member_id: id['elue'], capacity: 'OWN' });
    });

    it('PV-1: a dissent is refused while the vote is open (409)', async () => {
      const r = await marc.post<DeliberationBody>(url(P1, 'dissent'), { text: 'Je conteste.' });
      expect(r.status).toBe(409);
    });
  });

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
