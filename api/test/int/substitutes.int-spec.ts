import type { MinutesDto, PageDto, SittingDto, SittingListItemDto } from '@cdlp/shared';
import {
  castBallot,
  deliberation,
  itemOf,
  loginMember,
  memberAccount,
  ok,
  setParisNow,
} from '../deliberation-fixtures';
import { demoRequestId } from '../psp-fixtures';
import { downloadPdf, pdfWords } from '../signed-documents-fixtures';
import {
  SittingBody,
  addPolicyItem,
  convene,
  createSitting,
  dayFromNow,
  memberId,
  sittingBody,
} from '../sitting-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

const DISSENT =
  'Je souhaite que mon désaccord soit consigné : le plan d’accompagnement ne prévoit aucun logement.';
const BRUNO_QUALITY = 'Conseiller municipal, Ville de Poitiers';
const MARTINE = 'Mme Martine Jourdain';
const MARTINE_QUALITY = 'Adjointe au maire, Ville de Poitiers';

/**
 * MEMB-1 / PV-1: M. Bruno Lacroix, suppléant of Mme Martine Jourdain (elected, Ville de Poitiers),
 * sits for her in an examination sitting held tomorrow at 18:00 (three PSP requests). She answers
 * « suppléé(e) »; he is designated at the opening. Mme Nadia Benali, suppléante of M. Marc Delorme
 * (present), does not sit: she sees nothing. A second sitting the same evening, where Mme Jourdain
 * answers « présent(e) », is not Bruno's either.
 */
describe('suppléants everywhere: a suppléant who sits sees, votes and is printed as the titulaire would be (MEMB-1, PV-1)', () => {
  let t: TestApp;
  let sec: TestClient;
  let pres: TestClient;
  let marc: TestClient;
  let bruno: TestClient;
  let nadia: TestClient;
  const id: Record<string, string> = {};
  let sitting: SittingDto;
  let other: SittingDto;
  let requestA = '';
  let itemA = '';

  const base = () => `/sittings/${sitting.id}`;
  const listed = async (c: TestClient): Promise<string[]> =>
    ok(await c.get<PageDto<SittingListItemDto>>('/sittings?pageSize=100'), 'GET sittings').items.map(
      (s) => s.id,
    );

  beforeAll(async () => {
    t = await startTestApp();
    const day = dayFromNow(t, 1);
    setParisNow(t, `${day}T08:00`);
    for (const k of [
      'prefet',
      'ddfe',
      'ddets',
      'ddets-s',
      'dipn',
      'travail',
      'education',
      'medecin',
      'asso1',
      'asso2',
      'elue',
      'elue-s',
    ]) {
      id[k] = await memberId(t, k);
    }
    const [brunoEmail, nadiaEmail] = await Promise.all([
      memberAccount(t, id['elue-s']),
      memberAccount(t, id['ddets-s']),
    ]);
    [sec, pres, marc, bruno, nadia] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
      loginMember(t, brunoEmail),
      loginMember(t, nadiaEmail),
    ]);
    requestA = await demoRequestId(t, 'Mensah');

    sitting = await createSitting(sec, sittingBody('EXAMINATION', day, { startsAtLocal: `${day}T18:00` }));
    itemA = sitting.agenda.find((i) => i.requestId === requestA)?.id as string;
    expect(itemA).toBeDefined();
    await convene(sec, sitting.id, { urgent: true, urgencyReason: 'Mise à l’abri urgente (PSP-4)' });
    const answer = (s: SittingDto, k: string, a: string) =>
      sec.post<SittingBody>(`/sittings/${s.id}/attendance`, { memberId: id[k], answer: a });
    for (const k of ['prefet', 'ddfe', 'ddets', 'dipn', 'travail', 'education', 'medecin', 'asso1', 'asso2'])
      ok(await answer(sitting, k, 'PRESENT'), k);
    ok(await answer(sitting, 'elue', 'SUBSTITUTED'), 'elue substituted');

    other = await createSitting(
      sec,
      sittingBody('POLICY', day, { startsAtLocal: `${day}T20:00`, title: 'Séance de stratégie' }),
    );
    other = await addPolicyItem(sec, other.id, 'Projet de stratégie départementale');
    await convene(sec, other.id, { urgent: true, urgencyReason: 'Échéance de la stratégie nationale' });
    ok(await answer(other, 'elue', 'PRESENT'), 'elue present in the other sitting');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('MEMB-1: before being designated (the sitting is not open, the register names no suppléant), the suppléant sees neither the sitting nor its dossiers', async () => {
    expect(await listed(bruno)).toEqual([]);
    expect((await bruno.get(base())).status).toBe(403);
    expect((await bruno.get(`/psp-requests/${requestA}/summary`)).status).toBe(403);
  });

  it('MEMB-1: once designated at the opening, the suppléant finds the sitting in his own list (GET /api/sittings), and only that one', async () => {
    const opened = ok(await pres.post<SittingBody>(`${base()}/open`), 'open');
    expect(opened.members.find((m) => m.memberId === id['elue'])).toMatchObject({
      confirmedPresence: 'ABSENT',
      substituteId: id['elue-s'],
    });
    expect(await listed(bruno)).toEqual([sitting.id]);
    expect(await listed(nadia)).toEqual([]);
    // The titulaire's list is unchanged (both sittings).
    expect((await listed(marc)).sort()).toEqual([sitting.id, other.id].sort());
    expect((await bruno.get(`/sittings/${other.id}`)).status).toBe(403);
    expect((await nadia.get(base())).status).toBe(403);
  });

  it('MEMB-1: the suppléant sees the PSP items the titulaire would see, on the sitting page and in the agenda PDF', async () => {
    const mine = ok(await bruno.get<SittingBody>(base()), 'GET sitting as Bruno');
    const titulaires = ok(await marc.get<SittingBody>(base()), 'GET sitting as Marc');
    expect(mine.agenda.filter((i) => i.kind === 'PSP_REQUEST')).toHaveLength(3);
    expect(mine.agenda.map((i) => i.id)).toEqual(titulaires.agenda.map((i) => i.id));
    expect(mine.myMemberId).toBe(id['elue-s']);
    const text = pdfWords(await downloadPdf(t, bruno, `${base()}/agenda.pdf`));
    for (const item of mine.agenda) expect(text).toContain(item.reference ?? item.title);
    const d = await deliberation(bruno, sitting.id);
    expect(d.items.map((i) => i.itemId)).toEqual(titulaires.agenda.map((i) => i.id));
  });

  it('MEMB-1: during the sitting, the suppléant reads the pseudonymised summary of a dossier on the agenda; a suppléant who does not sit cannot', async () => {
    const r = await bruno.get<{ reference: string; firstName?: string; lastName?: string }>(
      `/psp-requests/${requestA}/summary`,
    );
    expect(r.status).toBe(200);
    expect(r.body.reference).toMatch(/^PSP-86-/);
    expect(r.body).not.toHaveProperty('lastName');
    expect((await nadia.get(`/psp-requests/${requestA}/summary`)).status).toBe(403);
  });

  it('MEMB-1 / PV-1: the suppléant votes for the titulaire, then records a dissent in his own name; a suppléant who does not sit cannot', async () => {
    ok(await pres.post(`${base()}/items/${itemA}/vote/open`), 'open vote');
    ok(await castBallot(pres, sitting.id, itemA, 'FAVOURABLE'), 'présidente');
    ok(await castBallot(sec, sitting.id, itemA, 'FAVOURABLE', { memberId: id['ddfe'] }), 'ddfe');
    ok(await castBallot(bruno, sitting.id, itemA, 'UNFAVOURABLE'), 'Bruno for Martine Jourdain');
    ok(await pres.post(`${base()}/items/${itemA}/vote/close`), 'close vote');

    expect((await nadia.post(`${base()}/items/${itemA}/dissent`, { text: 'Moi aussi.' })).status).toBe(403);
    ok(await bruno.post(`${base()}/items/${itemA}/dissent`, { text: DISSENT }), 'dissent');
    const rows: { member_id: string }[] = await t.ds.query(
      `SELECT member_id FROM dissent WHERE agenda_item_id = $1`,
      [itemA],
    );
    expect(rows).toEqual([{ member_id: id['elue-s'] }]);
    expect(itemOf(await deliberation(sec, sitting.id), itemA).dissents).toEqual([
      { memberId: id['elue-s'], name: `M. Bruno Lacroix (suppléant de ${MARTINE})`, text: DISSENT },
    ]);
  });

  it('PV-1: the attendance list of the sitting page names the suppléant who sits, with his quality', async () => {
    const s = ok(await sec.get<SittingBody>(base()), 'GET sitting');
    expect(s.members.find((m) => m.memberId === id['elue'])).toMatchObject({
      name: MARTINE,
      quality: MARTINE_QUALITY,
      confirmedPresence: 'ABSENT',
      substituteId: id['elue-s'],
      substituteName: 'M. Bruno Lacroix',
      substituteQuality: BRUNO_QUALITY,
      substituteCivility: 'M',
    });
  });

  it('MEMB-1: once the sitting is closed, the suppléant sees nothing of it any more (list, page, deliberation, summary, agenda, dissent)', async () => {
    ok(await pres.post(`${base()}/close`), 'close sitting');
    expect(await listed(bruno)).toEqual([]);
    expect((await bruno.get(base())).status).toBe(403);
    expect((await bruno.get(`${base()}/deliberation`)).status).toBe(403);
    expect((await bruno.get(`${base()}/agenda.pdf`)).status).toBe(403);
    expect((await bruno.get(`/psp-requests/${requestA}/summary`)).status).toBe(403);
    expect((await bruno.post(`${base()}/items/${itemA}/dissent`, { text: 'Encore.' })).status).toBe(403);
    // The titulaires still see it.
    expect((await marc.get(base())).status).toBe(200);
  });

  it('PV-1: the procès-verbal prints the suppléant « suppléant de Mme Martine Jourdain » with both qualities, and his dissent as his', async () => {
    const dto = ok(await sec.post<MinutesDto>(`${base()}/minutes`), 'draft minutes');
    expect(dto.substitutes).toEqual([
      {
        name: 'M. Bruno Lacroix',
        quality: BRUNO_QUALITY,
        detail: `suppléant de ${MARTINE}, ${MARTINE_QUALITY}`,
      },
    ]);
    expect(dto.excused.map((l) => l.name)).not.toContain(MARTINE);
    expect(dto.items.find((i) => i.itemId === itemA)?.dissents).toEqual([
      `M. Bruno Lacroix (suppléant de ${MARTINE}) : ${DISSENT}`,
    ]);
    const text = pdfWords(await downloadPdf(t, sec, `${base()}/minutes/draft.pdf`));
    expect(text).toContain(
      `M. Bruno Lacroix, ${BRUNO_QUALITY} — suppléant de ${MARTINE}, ${MARTINE_QUALITY}`,
    );
    expect(text).toContain(`M. Bruno Lacroix (suppléant de ${MARTINE}) : ${DISSENT}`);
    // The suppléant does not read the draft once the window is over.
    expect((await bruno.get(`${base()}/minutes`)).status).toBe(403);
  });
});
