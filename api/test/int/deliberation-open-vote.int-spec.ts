import type { SittingDto } from '@cdlp/shared';
import { DeliberationService } from '../../src/deliberation/deliberation.service';
import { DeliberationBody, ballotLog, ballots, castBallot, deliberation, getSitting, itemOf, newKey, ok } from '../deliberation-fixtures';
import { itemUrl, startDeliberationSitting } from '../deliberation-sitting';
import { SittingBody, expectFieldError } from '../sitting-fixtures';
import { TestApp, TestClient } from '../test-app';

/**
 * The online vote of an in-person examination sitting held tomorrow (the sitting of
 * deliberation-sitting.ts: 3 PSP requests, 4 policy items, 13 present + 2 mandates = 15 of
 * 17): before the vote, and while it is open; closing it is deliberation-closing.int-spec's.
 */
describe('deliberation: online vote of an in-person sitting (VOTE-1, COI-1, COMP-3, COMP-4, MAND-1, QUOR-1, PV-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, marc: TestClient, julien: TestClient, laure: TestClient;
  let agnes: TestClient, isabelle: TestClient, olivier: TestClient, camille: TestClient, bruno: TestClient;
  let id: Record<string, string>, sitting: SittingDto;
  let P1: string, P2: string, P3: string, Q1: string, Q2: string, Q3: string, Q4: string;

  beforeAll(async () => {
    ({ t, sec, pres, marc, julien, laure, agnes, isabelle, olivier, camille, bruno, id, sitting, P1, P2, P3, Q1, Q2, Q3, Q4 } =
      await startDeliberationSitting());
  });

  afterAll(() => t?.close());

  const url = (itemId: string, action: string) => itemUrl(sitting.id, itemId, action);
  const openVote = (c: TestClient, itemId: string) => c.post<DeliberationBody>(url(itemId, 'vote/open'));
  const answer = (memberKey: string, body: Record<string, unknown>) =>
    sec.post<SittingBody>(`/sittings/${sitting.id}/attendance`, { memberId: id[memberKey], ...body });
  const register = (memberKey: string, presence: 'PRESENT' | 'ABSENT') =>
    sec.post<SittingBody>(`/sittings/${sitting.id}/register`, { memberId: id[memberKey], presence });


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
});
