import type { ApiErrorDto, BallotChoice, SittingDto, WrittenDeliberationProposalDto } from '@cdlp/shared';
import { addDays, formatDateTimeFr } from '@cdlp/shared';
import {
  DeliberationBody,
  castBallot,
  deliberation,
  getSitting,
  itemOf,
  loginMember,
  memberAccount,
  ok,
  setParisNow,
} from '../deliberation-fixtures';
import { demoRequestId, stateOf } from '../psp-fixtures';
import { SittingBody, convene, createSitting, dayFromNow, expectFieldError, memberId, parisInstant, sittingMails } from '../sitting-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Who = 'sec' | 'pres' | 'marc' | 'julien' | 'laure' | 'isabelle' | 'olivier' | 'camille' | 'pierre';

/**
 * REM-1 to REM-3: two written electronic deliberations on the demo's three complete
 * requests. The first gathers 4 participants of 17 (REM-2 not met: no opinion, the requests
 * go back to COMPLETE); the second, 9 of 17 (opinions adopted).
 */
describe('written electronic deliberation (REM-1, REM-2, REM-3, VOTE-1, COI-1, PSP-4)', () => {
  let t: TestApp;
  const c = {} as Record<Who, TestClient>;
  const emails = {} as Record<Who, string>;
  const id: Record<string, string> = {};
  let requests: string[];
  let day1: string;

  /** Sessions idle out when the clock jumps: every participant logs in again. */
  async function relogin(): Promise<void> {
    await Promise.all(
      (Object.keys(emails) as Who[]).map(async (w) => {
        c[w] = ['sec', 'pres', 'marc'].includes(w) ? await t.login(emails[w]) : await loginMember(t, emails[w]);
      }),
    );
  }

  const post = (who: Who, path: string, body?: unknown) => c[who].post<DeliberationBody>(path, body);

  async function announce(title: string, opens: string, closes: string): Promise<SittingDto> {
    const s = await createSitting(c.sec, {
      kind: 'EXAMINATION',
      mode: 'WRITTEN',
      startsAtLocal: opens,
      opensAtLocal: opens,
      earliestCloseAtLocal: closes,
      title,
    });
    return convene(c.sec, s.id, { urgent: true, urgencyReason: 'Demandes complètes en attente d’avis (PSP-4)' });
  }

  beforeAll(async () => {
    t = await startTestApp();
    day1 = dayFromNow(t, 1);
    setParisNow(t, `${day1}T08:00`);
    for (const k of ['prefet', 'ddfe', 'ddets', 'dipn', 'pj', 'travail', 'education', 'ars', 'medecin', 'asso1']) id[k] = await memberId(t, k);
    Object.assign(emails, { sec: DEMO.secretariat, pres: DEMO.president, marc: DEMO.member });
    const keys: [Who, string][] = [['julien', 'dipn'], ['laure', 'pj'], ['isabelle', 'travail'], ['olivier', 'education'], ['camille', 'ars'], ['pierre', 'medecin']];
    for (const [who, k] of keys) emails[who] = await memberAccount(t, id[k]);
    await relogin();
    requests = await Promise.all(['Mensah', 'Garnier', 'Wei'].map((n) => demoRequestId(t, n)));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('REM-3: the earliest closing is at least 48 hours after the opening (400 earliestCloseAtLocal)', async () => {
    const r = await c.sec.post<SittingBody>('/sittings', {
      kind: 'EXAMINATION',
      mode: 'WRITTEN',
      startsAtLocal: `${day1}T10:00`,
      opensAtLocal: `${day1}T10:00`,
      earliestCloseAtLocal: `${addDays(day1, 1)}T10:00`,
    });
    expectFieldError(r, 'earliestCloseAtLocal', /au moins 48 heures.*REM-3/);
  });

  describe('a first deliberation with too few participants (REM-2 not met)', () => {
    let w: SittingDto;
    const opens = () => `${day1}T10:00`;
    const closes = () => `${addDays(day1, 3)}T10:00`;
    const item = (requestId: string) => w.agenda.find((i) => i.requestId === requestId)?.id as string;

    it('REM-3: it is announced with its opening and earliest closing, and cannot open before the announced time (409)', async () => {
      w = await announce('Délibération écrite : demandes urgentes', opens(), closes());
      expect(w).toMatchObject({ mode: 'WRITTEN', state: 'CONVENED', urgent: true, itemCount: 3 });
      expect(w.opensAt).toBe(parisInstant(opens()).toISOString());
      expect(w.earliestCloseAt).toBe(parisInstant(closes()).toISOString());
      expect(w.agenda.map((i) => i.requestId).sort()).toEqual([...requests].sort());
      const window = `ouverture le ${formatDateTimeFr(parisInstant(opens()))}, clôture au plus tôt le ${formatDateTimeFr(parisInstant(closes()))}`;
      const mails = await sittingMails(t, w.id, 'sitting-convocation');
      expect(mails).toHaveLength(15);
      for (const m of mails) expect(m.text_body).toContain(`Délibération écrite : ${window} (REM-3).`);

      const early = await c.pres.post<SittingBody>(`/sittings/${w.id}/open`);
      expect(early.status).toBe(409);
      expect(early.body.message).toBe("La délibération écrite ne peut pas s'ouvrir avant l'heure annoncée (REM-3).");
      expect((await getSitting(c.sec, w.id)).state).toBe('CONVENED');
    });

    it('REM-3: at the announced time it opens, and the vote opens on every item (COMP-4 recusal included); votes are not opened or closed one by one (409)', async () => {
      setParisNow(t, opens());
      await relogin();
      ok(await c.pres.post<SittingBody>(`/sittings/${w.id}/open`), 'open');
      const d = await deliberation(c.marc, w.id);
      expect(d.chairName).toBe('Mme Claire Morvan');
      expect(d.items.map((i) => i.voteState)).toEqual(['OPEN', 'OPEN', 'OPEN']);
      for (const i of d.items) {
        expect(i.recusals).toEqual([expect.objectContaining({ memberId: id['asso1'], automatic: true })]);
        // REM-1: everyone convened takes part online, whatever they answered: 15 convened, less Léa Moreau.
        expect(i.eligibleCount).toBe(14);
      }
      const P1 = item(requests[0]);
      expect((await post('pres', `/sittings/${w.id}/items/${P1}/vote/close`)).status).toBe(409);
      expect((await post('pres', `/sittings/${w.id}/items/${P1}/vote/open`)).status).toBe(409);
    });

    it('REM-3: comments are shared with all participants of the deliberation', async () => {
      const P1 = item(requests[0]);
      ok(await post('marc', `/sittings/${w.id}/comments`, { body: 'Bonjour à toutes et à tous, je découvre les dossiers.' }), 'general comment');
      ok(await post('marc', `/sittings/${w.id}/comments`, { itemId: P1, body: 'Le projet d’insertion me paraît solide.' }), 'item comment');
      ok(await post('julien', `/sittings/${w.id}/comments`, { itemId: P1, body: 'D’accord, avec une réserve sur le logement.' }), 'reply');
      ok(await post('laure', `/sittings/${w.id}/comments`, { body: 'Je demande un examen en séance de la troisième demande.' }), 'Laure');
      for (const who of ['pres', 'olivier', 'laure', 'sec'] as Who[]) {
        const seen = (await deliberation(c[who], w.id)).comments.map((x) => [x.authorName, x.itemId, x.body]);
        expect({ who, seen }).toEqual({
          who,
          seen: [
            ['Marc Delorme', null, 'Bonjour à toutes et à tous, je découvre les dossiers.'],
            ['Marc Delorme', P1, 'Le projet d’insertion me paraît solide.'],
            ['Julien Ferrand', P1, 'D’accord, avec une réserve sur le logement.'],
            ['Laure Vasseur', null, 'Je demande un examen en séance de la troisième demande.'],
          ],
        });
      }
    });

    it('COI-1: a member who declared an interest on an item neither comments on it (403) nor reads its discussion', async () => {
      const P3 = item(requests[2]);
      ok(await post('camille', `/sittings/${w.id}/items/${P3}/interests`, { reason: 'Je connais personnellement la personne' }), 'interest');
      ok(await post('marc', `/sittings/${w.id}/comments`, { itemId: P3, body: 'Sur ce dossier, la situation familiale est délicate.' }), 'Marc on P3');
      const r = await post('camille', `/sittings/${w.id}/comments`, { itemId: P3, body: 'Je précise que…' });
      expect(r.status).toBe(403);
      expect(r.body.message).toContain('COI-1');
      const seen = await deliberation(c.camille, w.id);
      expect(itemOf(seen, P3)).toMatchObject({ iAmRecused: true, voters: null, mySeats: [] });
      expect(seen.comments.filter((x) => x.itemId === P3)).toEqual([]);
      // The rest of the exchange stays shared with her.
      expect(seen.comments.map((x) => x.body)).toContain('Le projet d’insertion me paraît solide.');
      expect((await deliberation(c.olivier, w.id)).comments.filter((x) => x.itemId === P3)).toHaveLength(1);
    });

    it('REM-3: asking for a physical sitting is refused while the setting is off (409), and recorded when written.allow_physical_request = 1', async () => {
      const P3 = item(requests[2]);
      const path = `/sittings/${w.id}/items/${P3}/physical-request`;
      expect((await deliberation(c.laure, w.id)).physicalRequestsAllowed).toBe(false);
      const off = await post('laure', path, { reason: 'La situation mérite un échange de vive voix.' });
      expect(off.status).toBe(409);
      expect(off.body.message).toContain('REM-3');
      expect(await t.ds.query(`SELECT 1 FROM physical_sitting_request WHERE agenda_item_id = $1`, [P3])).toEqual([]);

      await t.ds.query(`UPDATE parameter SET value = 1 WHERE key = 'written.allow_physical_request'`);
      try {
        expect((await deliberation(c.laure, w.id)).physicalRequestsAllowed).toBe(true);
        ok(await post('laure', path, { reason: 'La situation mérite un échange de vive voix.' }), 'physical request');
        const rows: { member_id: string; reason: string }[] = await t.ds.query(`SELECT member_id, reason FROM physical_sitting_request WHERE agenda_item_id = $1`, [P3]);
        expect(rows).toEqual([{ member_id: id['pj'], reason: 'La situation mérite un échange de vive voix.' }]);
      } finally {
        await t.ds.query(`UPDATE parameter SET value = 0 WHERE key = 'written.allow_physical_request'`);
      }
    });

    it('REM-1: members vote online; taking part (voting or commenting) is recorded for REM-2', async () => {
      const [P1, P2] = [item(requests[0]), item(requests[1])];
      ok(await castBallot(c.marc, w.id, P1, 'FAVOURABLE'), 'Marc');
      ok(await castBallot(c.julien, w.id, P1, 'FAVOURABLE'), 'Julien');
      ok(await castBallot(c.pres, w.id, P1, 'UNFAVOURABLE'), 'présidente');
      ok(await castBallot(c.pres, w.id, P2, 'FAVOURABLE'), 'présidente P2');
      // Marc, Julien and the présidente voted, Laure commented: 4 of 17 (declaring an interest is not taking part).
      const q = (await getSitting(c.sec, w.id)).quorum;
      expect(q).toMatchObject({ rule: 'REM-2', base: 17, required: 9, reached: false });
      expect(q.counted).toBe(4);
    });

    it('REM-3: it cannot close before the announced earliest closing (409)', async () => {
      setParisNow(t, `${addDays(day1, 3)}T09:59`);
      await relogin();
      const r = await c.pres.post<SittingBody>(`/sittings/${w.id}/close`);
      expect(r.status).toBe(409);
      expect(r.body.message).toBe('Une délibération écrite ne peut pas être close avant la date de clôture annoncée (REM-3).');
      expect((await getSitting(c.sec, w.id)).state).toBe('OPEN');
    });

    it('REM-2: closed with fewer than half of the members taking part, no opinion is adopted and the requests go back to COMPLETE (proposed again)', async () => {
      setParisNow(t, closes());
      await relogin();
      const closed = ok(await c.pres.post<SittingBody>(`/sittings/${w.id}/close`), 'close');
      expect(closed.state).toBe('CLOSED');
      const rows: { request_id: string; vote_state: string; opinion: string | null; result: { opinion: null; text: string; participation: unknown; favourable: number }; removed_reason: string }[] =
        await t.ds.query(`SELECT request_id, vote_state, opinion, result, removed_reason FROM agenda_item WHERE sitting_id = $1 ORDER BY position`, [w.id]);
      expect(rows).toHaveLength(3);
      for (const r of rows) {
        expect(r).toMatchObject({ vote_state: 'CLOSED', opinion: null, removed_reason: 'Aucun avis adopté : demande à réinscrire (PSP-4).' });
        expect(r.result).toMatchObject({
          opinion: null,
          participation: { took: 4, base: 17, required: 9, sufficient: false },
          text: 'Aucun avis adopté : 4 membres ont pris part sur 17 : participation insuffisante (9 requis, REM-2). Une nouvelle délibération ou une séance doit être organisée.',
        });
      }
      expect(await Promise.all(requests.map((r) => stateOf(t, r)))).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
      const proposals = ok(await c.sec.get<WrittenDeliberationProposalDto[] & ApiErrorDto>('/sittings/proposals'), 'proposals');
      expect(proposals.map((p) => p.requestId).sort()).toEqual([...requests].sort());
    });

    it('REM-3: the outcome is sent to all members (template written-outcome)', async () => {
      const mails = await sittingMails(t, w.id, 'written-outcome');
      const members: { email: string }[] = await t.ds.query(`SELECT email FROM member WHERE departement_code = '86' AND ended_at IS NULL`);
      expect(members).toHaveLength(21);
      expect(mails.map((m) => m.recipient).sort()).toEqual(members.map((m) => m.email).sort());
      for (const m of mails) {
        expect(m.subject).toBe(`Résultat de la délibération écrite n° ${w.number}`);
        expect(m.text_body).toContain(`La délibération électronique écrite n° ${w.number} est close. Résultats :`);
        for (const i of w.agenda) expect(m.text_body).toContain(`${i.position}. ${i.title} : Aucun avis adopté : 4 membres ont pris part sur 17`);
      }
    });
  });

  describe('a second deliberation on the same requests, with half of the members taking part (REM-2 met)', () => {
    let w: SittingDto;
    let day4: string;

    it('REM-2 / VOTE-1: with 9 of 17 taking part, the opinions are adopted and written on the requests; the outcome is sent to all members', async () => {
      day4 = addDays(day1, 3);
      w = await announce('Délibération écrite : nouvelle consultation', `${day4}T12:00`, `${addDays(day4, 3)}T12:00`);
      expect(w.agenda.map((i) => i.requestId).sort()).toEqual([...requests].sort());
      setParisNow(t, `${day4}T12:00`);
      await relogin();
      ok(await c.sec.post<SittingBody>(`/sittings/${w.id}/open`), 'open');
      const [P1, P2, P3] = requests.map((r) => w.agenda.find((i) => i.requestId === r)?.id as string);
      const votes: Record<Who, [BallotChoice, BallotChoice, BallotChoice]> = {
        pres: ['FAVOURABLE', 'UNFAVOURABLE', 'FAVOURABLE'],
        sec: ['FAVOURABLE', 'UNFAVOURABLE', 'UNFAVOURABLE'],
        marc: ['FAVOURABLE', 'UNFAVOURABLE', 'FAVOURABLE'],
        julien: ['FAVOURABLE', 'FAVOURABLE', 'UNFAVOURABLE'],
        laure: ['UNFAVOURABLE', 'UNFAVOURABLE', 'FAVOURABLE'],
        isabelle: ['FAVOURABLE', 'UNFAVOURABLE', 'UNFAVOURABLE'],
        olivier: ['ABSTENTION', 'ABSTENTION', 'ABSTENTION'],
        camille: ['FAVOURABLE', 'FAVOURABLE', 'FAVOURABLE'],
        pierre: ['UNFAVOURABLE', 'UNFAVOURABLE', 'UNFAVOURABLE'],
      };
      await Promise.all(
        (Object.keys(votes) as Who[]).map(async (who) => {
          for (const [k, itemId] of [P1, P2, P3].entries()) ok(await castBallot(c[who], w.id, itemId, votes[who][k]), `${who} on item ${k + 1}`);
        }),
      );
      expect((await getSitting(c.sec, w.id)).quorum).toMatchObject({ rule: 'REM-2', counted: 9, required: 9, reached: true });

      const early = await c.sec.post<SittingBody>(`/sittings/${w.id}/close`);
      expect(early.status).toBe(409);
      setParisNow(t, `${addDays(day4, 3)}T12:00`);
      await relogin();
      ok(await c.sec.post<SittingBody>(`/sittings/${w.id}/close`), 'close');

      const d = await deliberation(c.marc, w.id);
      const participation = { took: 9, base: 17, required: 9, sufficient: true };
      expect(itemOf(d, P1).result).toMatchObject({ opinion: 'FAVOURABLE', favourable: 6, unfavourable: 2, abstentions: 1, castingVote: false, participation });
      expect(itemOf(d, P2).result).toMatchObject({ opinion: 'UNFAVOURABLE', favourable: 2, unfavourable: 6, abstentions: 1, castingVote: false, participation });
      // 4 for, 4 against: the présidente's vote decides.
      expect(itemOf(d, P3).result).toMatchObject({ opinion: 'FAVOURABLE', favourable: 4, unfavourable: 4, abstentions: 1, castingVote: true, participation });
      const states: { state: string; opinion: string }[] = await t.ds.query(`SELECT state, opinion FROM psp_request WHERE id = ANY($1) ORDER BY array_position($1, id)`, [requests]);
      expect(states).toEqual([
        { state: 'OPINION_GIVEN', opinion: 'FAVOURABLE' },
        { state: 'OPINION_GIVEN', opinion: 'UNFAVOURABLE' },
        { state: 'OPINION_GIVEN', opinion: 'FAVOURABLE' },
      ]);
      expect(ok(await c.sec.get<WrittenDeliberationProposalDto[] & ApiErrorDto>('/sittings/proposals'), 'proposals')).toEqual([]);

      const mails = await sittingMails(t, w.id, 'written-outcome');
      expect(mails).toHaveLength(21);
      const line = (itemId: string) => {
        const i = w.agenda.find((x) => x.id === itemId);
        return `${i?.position}. ${i?.title} : ${itemOf(d, itemId).result?.text}`;
      };
      for (const m of mails) for (const itemId of [P1, P2, P3]) expect(m.text_body).toContain(line(itemId));
    });
  });
});
