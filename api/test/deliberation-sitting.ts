import type { SittingDto } from '@cdlp/shared';
import { DeliberationBody, castBallot, loginMember, memberAccount, newKey, ok, setParisNow } from './deliberation-fixtures';
import { demoRequestId } from './psp-fixtures';
import { SittingBody, addPolicyItem, convene, createSitting, dayFromNow, memberId, sittingBody } from './sitting-fixtures';
import { DEMO, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/**
 * The sitting of the deliberation suites (deliberation-open-vote and deliberation-closing
 * .int-spec): an in-person examination sitting held tomorrow at 18:00, with 3 PSP requests
 * and 4 policy items, convened in urgency.
 * Present: the présidente (chair), the secretariat's member, Marc Delorme (holding the
 * mandate of Hélène Castaing), Julien Ferrand (holding the mandate of Thomas Guérin),
 * Laure Vasseur, Isabelle Roche, Olivier Marchand, Camille Berthier, Pierre Vidal,
 * Léa Moreau (association presenting every request, COMP-4), Samuel Nguyen,
 * Agnès Collet (excluded from PSP items, COMP-3), and Bruno Lacroix, suppléant sitting
 * for Martine Jourdain (MEMB-1). 13 present + 2 mandates = 15 of 17.
 */
export interface DeliberationSitting {
  t: TestApp;
  sec: TestClient;
  pres: TestClient;
  marc: TestClient;
  julien: TestClient;
  laure: TestClient;
  agnes: TestClient;
  isabelle: TestClient;
  olivier: TestClient;
  camille: TestClient;
  bruno: TestClient;
  /** Member ids by the key of their demo e-mail. */
  id: Record<string, string>;
  sitting: SittingDto;
  /** PSP items (Mensah, Garnier, Wei) and policy items. */
  P1: string;
  P2: string;
  P3: string;
  Q1: string;
  Q2: string;
  Q3: string;
  Q4: string;
  /** The PSP requests of P1, P2 and P3. */
  req: Record<'P1' | 'P2' | 'P3', string>;
}

/** The path of an action on an item of a sitting's deliberation. */
export const itemUrl = (sittingId: string, itemId: string, action: string) =>
  `/sittings/${sittingId}/items/${itemId}/${action}`;

/** Starts the app with the deliberation suites' sitting, convened, the members' answers recorded (not opened). */
export async function startDeliberationSitting(): Promise<DeliberationSitting> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const id: Record<string, string> = {};
    // The sitting is held tomorrow at 18:00; the day starts at 08:00 (the clock is moved before any login).
    const day = dayFromNow(t, 1);
    setParisNow(t, `${day}T08:00`);
    const keys = ['prefet', 'magistrat', 'ddfe', 'ddets', 'dipn', 'pj', 'gendarmerie', 'etrangers', 'travail', 'education', 'ars', 'elue', 'elue-s', 'medecin', 'asso1', 'asso2', 'ase', 'pcd'];
    for (const k of keys) id[k] = await memberId(t, k);
    const emails = await Promise.all(['dipn', 'pj', 'ase', 'travail', 'education', 'ars', 'elue-s'].map((k) => memberAccount(t, id[k])));
    const [sec, pres, marc, julien, laure, agnes, isabelle, olivier, camille, bruno] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
      ...emails.map((e) => loginMember(t, e)),
    ]);
    const req: Record<'P1' | 'P2' | 'P3', string> = { P1: '', P2: '', P3: '' };
    [req.P1, req.P2, req.P3] = await Promise.all(['Mensah', 'Garnier', 'Wei'].map((n) => demoRequestId(t, n)));

    let sitting = await createSitting(sec, sittingBody('EXAMINATION', day, { startsAtLocal: `${day}T18:00` }));
    for (const title of ['Bilan annuel des parcours de sortie', 'Plan de formation des membres', 'Calendrier des séances 2027', 'Charte de confidentialité']) {
      sitting = await addPolicyItem(sec, sitting.id, title);
    }
    const byRequest = (r: string) => sitting.agenda.find((i) => i.requestId === r)?.id as string;
    const [P1, P2, P3] = [byRequest(req.P1), byRequest(req.P2), byRequest(req.P3)];
    const [Q1, Q2, Q3, Q4] = sitting.agenda.filter((i) => i.kind === 'POLICY').map((i) => i.id);
    // With policy items on the agenda, the COMP-3 members are convened (for those items only).
    expect(sitting.members).toHaveLength(17);
    await convene(sec, sitting.id, { urgent: true, urgencyReason: 'Demande urgente de mise à l’abri (PSP-4)' });
    const answer = (memberKey: string, body: Record<string, unknown>) =>
      sec.post<SittingBody>(`/sittings/${sitting.id}/attendance`, { memberId: id[memberKey], ...body });
    for (const k of ['prefet', 'ddfe', 'ddets', 'dipn', 'pj', 'travail', 'education', 'ars', 'medecin', 'asso1', 'asso2', 'ase']) {
      ok(await answer(k, { answer: 'PRESENT' }), `answer ${k}`);
    }
    ok(await answer('pcd', { answer: 'ABSENT' }), 'answer pcd');
    ok(await answer('elue', { answer: 'SUBSTITUTED' }), 'answer elue');
    ok(await answer('magistrat', { answer: 'MANDATE', mandateHolderId: id['ddets'] }), 'mandate magistrat');
    ok(await answer('gendarmerie', { answer: 'MANDATE', mandateHolderId: id['dipn'] }), 'mandate gendarmerie');
    return { t, sec, pres, marc, julien, laure, agnes, isabelle, olivier, camille, bruno, id, sitting, P1, P2, P3, Q1, Q2, Q3, Q4, req };
  });
}

/**
 * What deliberation-open-vote.int-spec does to the sitting, in the same order, without its
 * checks and refused calls: the sitting opened (the register of the quorum check), the
 * interests declared, the votes on P1, P2 and Q1 opened and the ballots cast. The closing
 * suite starts from there.
 */
export async function castOpenVotes(s: DeliberationSitting): Promise<void> {
  const { sec, pres, marc, julien, laure, agnes, isabelle, olivier, camille, bruno, id, sitting, P1, P2, Q1 } = s;
  const url = (itemId: string, action: string) => itemUrl(sitting.id, itemId, action);
  const vote = (c: TestClient, itemId: string, choice: Parameters<typeof castBallot>[3], opts = {}) =>
    castBallot(c, sitting.id, itemId, choice, opts).then((r) => ok(r, `ballot on ${itemId}`));
  // Before the vote: the sitting opens; the quorum check registers 7 members absent, then present again.
  ok(await pres.post<SittingBody>(`/sittings/${sitting.id}/open`), 'open sitting');
  const register = (k: string, presence: 'PRESENT' | 'ABSENT') =>
    sec.post<SittingBody>(`/sittings/${sitting.id}/register`, { memberId: id[k], presence });
  const leaving = ['travail', 'education', 'ars', 'medecin', 'asso1', 'asso2', 'ase'];
  for (const k of leaving) ok(await register(k, 'ABSENT'), `register ${k}`);
  for (const k of leaving) ok(await register(k, 'PRESENT'), `register ${k}`);
  ok(await sec.post<DeliberationBody>(url(P2, 'interests'), { reason: 'Lien familial avec la personne accompagnée', memberId: id['gendarmerie'] }), 'interest');
  // While the vote is open.
  ok(await pres.post<DeliberationBody>(url(P1, 'vote/open')), 'open P1');
  ok(await pres.post<DeliberationBody>(url(Q1, 'vote/open')), 'open Q1');
  await vote(agnes, Q1, 'ABSTENTION');
  ok(await laure.post<DeliberationBody>(url(P1, 'interests'), { reason: 'Ancienne référente du dossier' }), 'interest');
  await vote(marc, P1, 'FAVOURABLE');
  await vote(marc, P1, 'UNFAVOURABLE', { capacity: 'PROXY', reason: 'Consigne de vote de Mme Castaing' });
  await vote(marc, P1, 'UNFAVOURABLE', { capacity: 'PROXY' });
  await vote(julien, P1, 'FAVOURABLE');
  await vote(julien, P1, 'UNFAVOURABLE', { reason: 'Après lecture du rapport' });
  const key = newKey();
  await vote(isabelle, P1, 'FAVOURABLE', { clientKey: key });
  await vote(isabelle, P1, 'FAVOURABLE', { clientKey: key });
  const twin = newKey();
  await Promise.all([vote(olivier, P1, 'FAVOURABLE', { clientKey: twin }), vote(olivier, P1, 'FAVOURABLE', { clientKey: twin })]);
  await vote(camille, P1, 'FAVOURABLE');
  ok(await camille.post<DeliberationBody>(url(P1, 'interests'), { reason: 'Je finance l’association par une subvention' }), 'interest');
  ok(await pres.post<DeliberationBody>(url(P2, 'vote/open')), 'open P2');
  await vote(julien, P2, 'ABSTENTION');
  await vote(bruno, P2, 'ABSTENTION');
}
