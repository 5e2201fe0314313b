import { randomUUID } from 'node:crypto';
import type { ApiErrorDto, SittingDto } from '@cdlp/shared';
import { addDays, formatDateTimeFr, parisDate, parisLocalToInstant } from '@cdlp/shared';
import { ok } from './deliberation-fixtures';
import { requestByName } from './signed-documents-fixtures';
import { DEMO, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** The closed examination sitting of the minutes suite (PV-1, SIG-1, SIG-2) and what its minutes must state. */

type Body<T> = T & ApiErrorDto;


export const PLACE = 'Préfecture de la Vienne, salle Jean Moulin, Poitiers';
export const URGENCY = 'Mise à l’abri urgente d’une personne menacée par son réseau';
export const DISSENT =
  'Je demande que mon désaccord soit consigné : le projet d’insertion ne prévoit aucun hébergement stable.';
export const RECUSAL = 'Administrateur de la structure qui héberge la personne';
export const LATE_INTEREST = 'Médecin traitant de la personne, déclaré après la séance';
export const JUSTIFICATION =
  'M. Pierre Vidal a signalé son lien après la séance ; sans sa voix, l’avis reste favorable (4 pour, 1 contre).';
export const TIE_TEXT =
  "Aucun avis adopté : partage égal des voix (2 voix pour, 2 contre, 1 abstention) sans voix prépondérante de la présidence (abstention ou absence de vote) ; le point doit être de nouveau soumis au vote.";

/**
 * The procès-verbal of a demo examination sitting (PV-1, SIG-1), held tomorrow at 18:00
 * and convened the same morning in urgency (CONV-2). 17 members compose the commission;
 * the 15 convened (COMP-3 leaves out two) answer:
 *  - present: Claire Morvan (présidente, chair), Sophie Lemaire, Marc Delorme (holding the
 *    mandate of Hélène Castaing, MAND-1), Julien Ferrand, Isabelle Roche, Olivier Marchand,
 *    Pierre Vidal, Léa Moreau (presenting association, recused automatically, COMP-4),
 *    Samuel Nguyen; remote: Camille Berthier; excused: Laure Vasseur, Thomas Guérin,
 *    Karim Haddad, Martine Jourdain. Quorum: 9 + 1 + 1 = 11 of 17, 9 required (QUOR-1).
 *  - item 1 (Mensah, urgent): 3 for, 3 against (one by mandate), 1 abstention; the
 *    présidente voted for: her vote decides the tie (VOTE-1). Marc Delorme's dissent.
 *  - item 2 (Garnier): Samuel Nguyen declares an interest (COI-1); 5 for, 1 against.
 *  - item 3 (Wei): 2 for, 2 against, the présidente does not vote: no opinion is adopted;
 *    closing the sitting sends the request back to be scheduled again, but the minutes
 *    still report the deliberation and its counts.
 *  - after the sitting, Pierre Vidal's interest in item 2 is recorded directly in the
 *    database: he voted on it, so COI-1 fails in the validity section until the
 *    secretariat records a justification.
 */
export interface MinutesSitting {
  t: TestApp;
  sec: TestClient;
  pres: TestClient;
  marc: TestClient;
  sitting: SittingDto;
  /** The pseudonymous references of the requests of items 1 to 3. */
  ref: Record<'A' | 'B' | 'C', string>;
}

/** Starts the app with the sitting held, voted and closed, and the late interest forced. */
export async function startMinutesSitting(): Promise<MinutesSitting> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const id: Record<string, string> = {};
    const item: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
    const ref: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
    let sitting: SittingDto;
    const base = () => `/sittings/${sitting.id}`;
    // The clock moves to tomorrow 08:00 (Paris) before any login: sessions idle out after a jump.
    const day = addDays(parisDate(t.clock.now()), 1);
    const morning = parisLocalToInstant(`${day}T08:00`);
    if (!morning.ok) throw new Error(morning.message);
    t.clock.setNow(morning.instant);
    const rows: { id: string; email: string }[] = await t.ds.query(`SELECT id, email FROM member`);
    for (const r of rows) id[r.email.replace('@demo.cdlp.fr', '')] = r.id;
    const [sec, pres, marc] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
    ]);

    const vote = (
      itemId: string,
      choice: string,
      memberKey?: string,
      capacity: 'OWN' | 'PROXY' = 'OWN',
      c: TestClient = sec,
    ) =>
      c.post(`${base()}/items/${itemId}/ballots`, {
        choice,
        capacity,
        clientKey: randomUUID(),
        ...(memberKey ? { memberId: id[memberKey] } : {}),
      });

    // The agenda fills with the three complete demo requests (PSP-4).
    sitting = ok(
      await sec.post<Body<SittingDto>>('/sittings', {
        kind: 'EXAMINATION',
        mode: 'IN_PERSON',
        startsAtLocal: `${day}T18:00`,
        place: PLACE,
      }),
      'create sitting',
    );
    const byName = { A: 'Mensah', B: 'Garnier', C: 'Wei' } as const;
    for (const k of ['A', 'B', 'C'] as const) {
      const request = await requestByName(t, byName[k]);
      const found = sitting.agenda.find((i) => i.requestId === request.id);
      if (!found) throw new Error(`${byName[k]} not on the agenda`);
      item[k] = found.id;
      ref[k] = request.reference;
    }
    sitting = ok(
      await sec.post<Body<SittingDto>>(`${base()}/convocation`, { urgent: true, urgencyReason: URGENCY }),
      'convene',
    );

    const answer = (key: string, body: Record<string, unknown>) =>
      sec.post(`${base()}/attendance`, { memberId: id[key], ...body });
    for (const k of ['prefet', 'ddfe', 'ddets', 'dipn', 'travail', 'education', 'medecin', 'asso1', 'asso2'])
      ok(await answer(k, { answer: 'PRESENT' }), k);
    ok(await answer('ars', { answer: 'REMOTE' }), 'ars');
    for (const k of ['pj', 'gendarmerie', 'etrangers', 'elue']) ok(await answer(k, { answer: 'ABSENT' }), k);
    ok(await answer('magistrat', { answer: 'MANDATE', mandateHolderId: id['ddets'] }), 'mandate');
    ok(await pres.post(`${base()}/open`), 'open');

    // Item 1: a tie decided by the présidente's vote.
    ok(await pres.post(`${base()}/items/${item.A}/vote/open`), 'open A');
    ok(await vote(item.A, 'FAVOURABLE', undefined, 'OWN', pres), 'présidente on A');
    for (const k of ['ddfe', 'dipn']) ok(await vote(item.A, 'FAVOURABLE', k), `${k} on A`);
    for (const k of ['ddets', 'travail']) ok(await vote(item.A, 'UNFAVOURABLE', k), `${k} on A`);
    ok(await vote(item.A, 'UNFAVOURABLE', 'ddets', 'PROXY'), 'mandate of Hélène Castaing on A');
    ok(await vote(item.A, 'ABSTENTION', 'education'), 'education on A');
    ok(await pres.post(`${base()}/items/${item.A}/vote/close`), 'close A');
    ok(await marc.post(`${base()}/items/${item.A}/dissent`, { text: DISSENT }), 'dissent');

    // Item 2: a declared interest, then an ordinary majority.
    ok(
      await sec.post(`${base()}/items/${item.B}/interests`, { reason: RECUSAL, memberId: id['asso2'] }),
      'interest',
    );
    ok(await pres.post(`${base()}/items/${item.B}/vote/open`), 'open B');
    for (const k of ['ddfe', 'dipn', 'travail', 'education', 'medecin'])
      ok(await vote(item.B, 'FAVOURABLE', k), `${k} on B`);
    ok(await vote(item.B, 'UNFAVOURABLE', 'ars'), 'ars on B');
    ok(await pres.post(`${base()}/items/${item.B}/vote/close`), 'close B');

    // Item 3: a tie without the présidente's vote adopts no opinion.
    ok(await pres.post(`${base()}/items/${item.C}/vote/open`), 'open C');
    for (const k of ['ddfe', 'dipn']) ok(await vote(item.C, 'FAVOURABLE', k), `${k} on C`);
    for (const k of ['travail', 'education']) ok(await vote(item.C, 'UNFAVOURABLE', k), `${k} on C`);
    ok(await vote(item.C, 'ABSTENTION', 'medecin'), 'medecin on C');
    ok(await pres.post(`${base()}/items/${item.C}/vote/close`), 'close C');
    ok(await pres.post(`${base()}/close`), 'close sitting');

    // A failed check, forced: an interest disclosed after the vote by a member who voted (COI-1).
    await t.ds.query(
      `INSERT INTO interest_declaration (agenda_item_id, member_id, reason, automatic, declared_by, declared_at) VALUES ($1, $2, $3, false, NULL, $4)`,
      [item.B, id['medecin'], LATE_INTEREST, t.clock.now()],
    );
    return { t, sec, pres, marc, sitting, ref };
  });
}

/** Every element PV-1 asks for, in the text pdftotext extracts. */
export function expectPv1Elements(text: string, { sitting, ref }: Pick<MinutesSitting, 'sitting' | 'ref'>): void {
  // Heading: préfecture, commission, sitting number, date, place, mode.
  expect(text).toContain('RÉPUBLIQUE');
  expect(text).toContain('FRANÇAISE');
  expect(text).toContain('Liberté');
  expect(text).toContain('Préfecture de la Vienne');
  expect(text).toContain(
    "Commission départementale de lutte contre la prostitution, le proxénétisme et la traite des êtres humains aux fins d'exploitation sexuelle — Vienne (86)",
  );
  expect(text).toContain(`Procès-verbal de la séance n° ${sitting.number}`);
  expect(text).toContain('Objet : Examen des demandes de parcours de sortie');
  expect(text).toContain(`Date : ${formatDateTimeFr(new Date(sitting.startsAt))}`);
  expect(text).toContain('Modalité : En présentiel');
  expect(text).toContain(`Lieu : ${PLACE}`);
  // Chair (COMP-1).
  expect(text).toContain(
    'Présidence (COMP-1) : Mme Claire Morvan, Préfète, présidence de droit (CASF R121-12-7)',
  );
  // Members with their qualities: present, remote, represented (giver and holder), excused.
  expect(text).toContain('Présents (9)');
  expect(text).toContain('• Mme Claire Morvan, Préfète, Préfecture de la Vienne');
  expect(text).toContain('• M. Marc Delorme, Directeur adjoint, DDETS de la Vienne');
  expect(text).toContain('• Mme Léa Moreau, Directrice, Association Passerelles Vienne');
  expect(text).toContain("• M. Pierre Vidal, Médecin, Conseil départemental de l'ordre des médecins");
  expect(text).toContain('Présents à distance (audio ou visioconférence) (1)');
  expect(text).toContain(
    '• Mme Camille Berthier, Déléguée départementale, ARS Nouvelle-Aquitaine — délégation de la Vienne',
  );
  expect(text).toContain('Représentés par mandat (MAND-1) (1)');
  expect(text).toContain(
    '• Mme Hélène Castaing, Vice-procureure, Tribunal judiciaire de Poitiers — représenté(e) par M. Marc Delorme (mandat)',
  );
  expect(text).toContain('Excusés (4)');
  expect(text).toContain('• M. Thomas Guérin, Lieutenant-colonel, Groupement de gendarmerie de la Vienne');
  expect(text).toContain('• Mme Laure Vasseur, Commandante, Office mineurs — antenne de Poitiers');
  expect(text).toContain(
    '• M. Karim Haddad, Chef de bureau, Préfecture de la Vienne — service des étrangers',
  );
  expect(text).toContain('• Mme Martine Jourdain, Adjointe au maire, Ville de Poitiers');
  // COMP-3: the members excluded from individual examinations were not convened.
  expect(text).not.toContain('Agnès Collet');
  expect(text).not.toContain('Alain Perrot');
  // Quorum with its computation (QUOR-1, QUOR-3: full composition).
  expect(text).toContain('11 membres présents ou représentés sur 17 : quorum atteint (9 requis) (QUOR-1).');
  // Convocation date and urgency reason (CONV-2).
  expect(text).toContain(
    `Convocation adressée le ${formatDateTimeFr(new Date(sitting.convokedAt as string))}, 0 jour(s) avant la séance (CONV-2).`,
  );
  expect(text).toContain(`Motif de l'urgence (CONV-2) : ${URGENCY}`);
  // Each item: pseudonymous reference, presenting association and its opinion, recusals, counts, rule, casting vote, opinion, dissent.
  expect(text).toContain(`1. Demande initiale de parcours de sortie ${ref.A}`);
  expect(text).toContain(`2. Demande initiale de parcours de sortie ${ref.B}`);
  expect(text).toContain(`3. Demande initiale de parcours de sortie ${ref.C}`);
  expect(text).toContain(
    "Dossier présenté par Association Passerelles Vienne, dont l'avis est favorable (COMP-4).",
  );
  expect(text).toContain(
    "Conflits d'intérêts (COI-1) : Mme Léa Moreau (Représentant de l'association qui présente le dossier (COMP-4)) — ont quitté la délibération et n'ont pas pris part au vote.",
  );
  expect(text).toContain(
    'Délibération (VOTE-1) : Avis favorable : 3 voix pour, 3 contre, 1 abstention ; partage égal des voix, la voix de la présidence est prépondérante ; majorité des suffrages exprimés, abstentions non comptées.',
  );
  expect(text).toContain(
    `Position divergente consignée à sa demande (PV-1) : M. Marc Delorme : ${DISSENT}`,
  );
  expect(text).toContain(`M. Samuel Nguyen (${RECUSAL})`);
  expect(text).toContain(`M. Pierre Vidal (${LATE_INTEREST})`);
  expect(text).toContain(
    'Délibération (VOTE-1) : Avis favorable : 5 voix pour, 1 contre, 0 abstention ; majorité des suffrages exprimés, abstentions non comptées.',
  );
  expect(text).toContain(`Délibération (VOTE-1) : ${TIE_TEXT}`);
  // DP-2: pseudonymous references only, never the person's name.
  for (const name of ['Grace Mensah', 'Mélanie Garnier', 'Lin Wei', 'Mensah', 'Garnier'])
    expect(text).not.toContain(name);
  // The validity section, rule by rule.
  expect(text).toContain('Validité de la délibération');
  expect(text).toContain(
    `Conforme — CONV-2 : convocation envoyée le ${formatDateTimeFr(new Date(sitting.convokedAt as string))}, 0 jour(s) avant la séance, en urgence : ${URGENCY}.`,
  );
  expect(text).toContain(
    'Conforme — QUOR-1 : 11 membres présents ou représentés sur 17 : quorum atteint (9 requis).',
  );
  expect(text).toContain('Conforme — MAND-1 : aucun membre ne détient plus d’un mandat.');
  expect(text).toContain(`NON CONFORME — COI-1 : vote d'un membre intéressé (M. Pierre Vidal, ${ref.B}).`);
  expect(text).toContain(
    "Conforme — COMP-3 : les membres chargés des mineurs n'ont pas pris part à l'examen des demandes individuelles.",
  );
  expect(text).toContain(
    'Conforme — VOTE-1 : chaque avis a été adopté à la majorité des voix des membres présents ou représentés, la voix de la présidence étant prépondérante en cas de partage.',
  );
  expect(text).toContain(
    "Conforme — PSP-4 : seules des demandes complètes ont été inscrites à l'ordre du jour.",
  );
}
