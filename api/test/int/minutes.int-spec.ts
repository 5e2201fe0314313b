import { randomUUID } from 'node:crypto';
import type { ApiErrorDto, MinutesDto, SignedDocumentDto, SittingDto } from '@cdlp/shared';
import { addDays, formatDateTimeFr, parisDate, parisLocalToInstant } from '@cdlp/shared';
import {
  downloadPdf,
  mails,
  pdfText,
  pdfWords,
  poppler,
  requestByName,
  sha256,
  sqlError,
  verifyUpload,
} from '../signed-documents-fixtures';
import { DEMO, HttpResult, TestApp, TestClient, startTestApp } from '../test-app';

type Body<T> = T & ApiErrorDto;

function ok<T>(r: HttpResult<T>, what: string): T {
  if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const PLACE = 'Préfecture de la Vienne, salle Jean Moulin, Poitiers';
const URGENCY = 'Mise à l’abri urgente d’une personne menacée par son réseau';
const DISSENT =
  'Je demande que mon désaccord soit consigné : le projet d’insertion ne prévoit aucun hébergement stable.';
const RECUSAL = 'Administrateur de la structure qui héberge la personne';
const LATE_INTEREST = 'Médecin traitant de la personne, déclaré après la séance';
const JUSTIFICATION =
  'M. Pierre Vidal a signalé son lien après la séance ; sans sa voix, l’avis reste favorable (4 pour, 1 contre).';
const TIE_TEXT =
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
describe('minutes: procès-verbal drafted from the records, signed by the president, sent to members (PV-1, SIG-1, SIG-2)', () => {
  let t: TestApp;
  let sec: TestClient;
  let pres: TestClient;
  let marc: TestClient;
  let sitting: SittingDto;
  const id: Record<string, string> = {};
  const item: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const ref: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  let draftText = '';
  let signedPdf: Buffer;
  let signedText = '';
  let signedDocId = '';

  const base = () => `/sittings/${sitting.id}`;
  const minutesUrl = () => `${base()}/minutes`;
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

  beforeAll(async () => {
    t = await startTestApp();
    // The clock moves to tomorrow 08:00 (Paris) before any login: sessions idle out after a jump.
    const day = addDays(parisDate(t.clock.now()), 1);
    const morning = parisLocalToInstant(`${day}T08:00`);
    if (!morning.ok) throw new Error(morning.message);
    t.clock.setNow(morning.instant);
    const rows: { id: string; email: string }[] = await t.ds.query(`SELECT id, email FROM member`);
    for (const r of rows) id[r.email.replace('@demo.cdlp.fr', '')] = r.id;
    [sec, pres, marc] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
    ]);

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
  });

  afterAll(async () => {
    await t?.close();
  });

  it('PV-1: drafting the minutes of the closed sitting (CLOSED → MINUTES_DRAFTED) computes every part from the records', async () => {
    const dto = ok(await sec.post<Body<MinutesDto>>(minutesUrl()), 'draft');
    expect(dto).toMatchObject({
      state: 'DRAFT',
      version: 1,
      sittingNumber: sitting.number,
      canSign: false,
      signedDocumentId: null,
      urgencyReason: URGENCY,
    });
    expect((await sec.get<SittingDto>(base())).body.state).toBe('MINUTES_DRAFTED');
    expect(dto.heading).toMatchObject({
      authority: 'Préfecture de la Vienne',
      place: PLACE,
      modeLabel: 'En présentiel',
      dateLabel: formatDateTimeFr(new Date(sitting.startsAt)),
    });
    expect(dto.chair).toBe('Mme Claire Morvan, Préfète, présidence de droit (CASF R121-12-7)');
    expect(dto.present.map((l) => l.name)).toEqual([
      'M. Julien Ferrand',
      'M. Marc Delorme',
      'M. Olivier Marchand',
      'M. Pierre Vidal',
      'M. Samuel Nguyen',
      'Mme Claire Morvan',
      'Mme Isabelle Roche',
      'Mme Léa Moreau',
      'Mme Sophie Lemaire',
    ]);
    expect(dto.remote).toEqual([
      {
        name: 'Mme Camille Berthier',
        quality: 'Déléguée départementale, ARS Nouvelle-Aquitaine — délégation de la Vienne',
        detail: null,
      },
    ]);
    expect(dto.represented).toEqual([
      {
        name: 'Mme Hélène Castaing',
        quality: 'Vice-procureure, Tribunal judiciaire de Poitiers',
        detail: 'représenté(e) par M. Marc Delorme (mandat)',
      },
    ]);
    expect(dto.excused.map((l) => l.name)).toEqual([
      'M. Karim Haddad',
      'M. Thomas Guérin',
      'Mme Laure Vasseur',
      'Mme Martine Jourdain',
    ]);
    expect(dto.quorumText).toBe(
      '11 membres présents ou représentés sur 17 : quorum atteint (9 requis) (QUOR-1).',
    );
    expect(dto.items.map((i) => [i.position, i.reference, i.opinion])).toEqual([
      [1, ref.A, 'FAVOURABLE'],
      [2, ref.B, 'FAVOURABLE'],
      [3, ref.C, null],
    ]);
    // The request without an opinion went back to the complete requests (PSP-4), yet its deliberation is reported.
    expect(dto.items[2].resultText).toBe(TIE_TEXT);
    expect((await t.ds.query(`SELECT state FROM psp_request WHERE reference = $1`, [ref.C]))[0].state).toBe(
      'COMPLETE',
    );
    expect(dto.items[0]).toMatchObject({
      associationName: 'Association Passerelles Vienne',
      associationOpinion: 'favorable',
      recusals: ["Mme Léa Moreau (Représentant de l'association qui présente le dossier (COMP-4))"],
      dissents: [`M. Marc Delorme : ${DISSENT}`],
    });
    expect(dto.items[1].recusals).toEqual(
      expect.arrayContaining([`M. Samuel Nguyen (${RECUSAL})`, `M. Pierre Vidal (${LATE_INTEREST})`]),
    );
    expect(dto.validity.map((v) => [v.rule, v.ok])).toEqual([
      ['CONV-2', true],
      ['QUOR-1', true],
      ['MAND-1', true],
      ['COI-1', false],
      ['COMP-3', true],
      ['VOTE-1', true],
      ['PSP-4', true],
    ]);
    expect(dto.validity.find((v) => v.rule === 'COI-1')?.text).toBe(
      `COI-1 : vote d'un membre intéressé (M. Pierre Vidal, ${ref.B}).`,
    );
  });

  it('PV-1: the draft PDF (PROJET) states every element: heading, chair, members by presence with qualities, quorum, convocation and urgency, each item, the validity section', async () => {
    const pdf = await downloadPdf(t, sec, `${minutesUrl()}/draft.pdf`);
    draftText = pdfWords(pdf);
    expect(draftText).toContain('PROJET');
    expect(draftText).toContain('Document non signé, sans valeur');
    expectPv1Elements(draftText);
  });

  it('SIG-1: only the president signs the minutes: the secretariat gets 403 and nothing is signed', async () => {
    const r = await sec.post(`${minutesUrl()}/sign`);
    expect(r.status).toBe(403);
    expect(await t.ds.query(`SELECT id FROM signed_document WHERE subject_id = $1`, [sitting.id])).toEqual(
      [],
    );
  });

  it('PV-1 / COI-1: a failed validity check blocks signing (409) until the secretariat records a justification; then the president signs', async () => {
    const blocked = await pres.post<Body<MinutesDto>>(`${minutesUrl()}/sign`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toBe(
      'Signature impossible : COI-1 non respecté(s) sans justification du secrétariat.',
    );
    expect((await sec.get<SittingDto>(base())).body.state).toBe('MINUTES_DRAFTED');

    const justified = ok(
      await sec.put<Body<MinutesDto>>(minutesUrl(), {
        introduction: 'La séance est ouverte à 18 h 00.',
        justifications: { 'COI-1': JUSTIFICATION },
      }),
      'justify',
    );
    expect(justified.validity.find((v) => v.rule === 'COI-1')).toMatchObject({
      ok: false,
      justification: JUSTIFICATION,
    });
    expect(justified.canSign).toBe(true);

    const signed = ok(await pres.post<Body<MinutesDto>>(`${minutesUrl()}/sign`), 'sign');
    expect(signed).toMatchObject({ state: 'SIGNED', version: 1, canSign: false });
    expect(signed.signedDocumentId).toEqual(expect.any(String));
    signedDocId = signed.signedDocumentId as string;
    expect((await sec.get<SittingDto>(base())).body.state).toBe('MINUTES_SIGNED');
  });

  it('SIG-1: the signed_document row holds the SHA-256 of the downloaded file, the signer name and quality; the signed PDF states every PV-1 element', async () => {
    signedPdf = await downloadPdf(t, pres, `/documents/${signedDocId}/content`);
    const rows: {
      sha256: string;
      version: number;
      kind: string;
      signer_name: string;
      signer_quality: string;
      size: number;
      supersedes_id: string | null;
    }[] = await t.ds.query(
      `SELECT sha256, version, kind, signer_name, signer_quality, size, supersedes_id FROM signed_document WHERE subject_id = $1`,
      [sitting.id],
    );
    expect(rows).toEqual([
      {
        sha256: sha256(signedPdf),
        version: 1,
        kind: 'MINUTES',
        signer_name: 'Claire Morvan',
        signer_quality: 'Préfète, Préfecture de la Vienne',
        size: signedPdf.length,
        supersedes_id: null,
      },
    ]);
    // Members see the signed minutes too (PV-1: they are sent to every member).
    expect((await downloadPdf(t, marc, `/documents/${signedDocId}/content`)).equals(signedPdf)).toBe(true);

    signedText = pdfWords(signedPdf);
    expect(signedText).not.toContain('PROJET');
    expectPv1Elements(signedText);
    expect(signedText).toContain('La séance est ouverte à 18 h 00.');
    expect(signedText).toContain(`Justification du secrétariat : ${JUSTIFICATION}`);
    // The visible signature block on page 1, where the signature field sits.
    expect(signedText).toMatch(
      /Signé électroniquement par .*Claire Morvan .*Préfète, Préfecture de la Vienne .*le /,
    );
    expect(signedText).toMatch(
      /Signé électroniquement par Claire Morvan, Préfète, Préfecture de la Vienne, le \S+ \d{1,2} \S+ \d{4} à \d{1,2} h \d{2} \(SIG-1\)\./,
    );
  });

  it('SIG-1: poppler checks the PAdES signature (pdfsig: valid, whole document signed); A4, title, embedded Marianne, "page 1 / N"', () => {
    const sig = poppler('pdfsig', signedPdf);
    expect(sig.code).toBe(0);
    expect(sig.out).toContain('Signature #1');
    expect(sig.out).toContain('Signature Validation: Signature is Valid.');
    expect(sig.out).toContain('Total document signed');
    expect(sig.out).toContain('Signer Certificate Common Name: Prefecture 86 Vienne - certificat de demonstration');

    const info = poppler('pdfinfo', signedPdf);
    expect(info.code).toBe(0);
    expect(info.out).toMatch(new RegExp(`Title:\\s+Procès-verbal de la séance n° ${sitting.number}\\n`));
    expect(info.out).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info.out)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const raw = pdfText(signedPdf);
    for (let p = 1; p <= pages; p++) expect(raw).toContain(`page ${p} / ${pages}`);

    const fonts = poppler('pdffonts', signedPdf);
    expect(fonts.code).toBe(0);
    const marianne = fonts.out.split('\n').filter((l) => l.includes('Marianne'));
    expect(marianne.length).toBeGreaterThanOrEqual(2);
    // Columns: name type encoding emb sub uni object ID.
    for (const line of marianne) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expect(
      fonts.out.split('\n').filter((l) => /\s+no\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.test(l)),
    ).toEqual([]);
  });

  it('PV-1: the signed minutes go to every active member of the commission (minutes-signed), with the signed PDF attached', async () => {
    const expected: { email: string }[] = await t.ds.query(
      `SELECT email FROM member WHERE departement_code = '86' AND (ended_at IS NULL OR ended_at > $1) AND (term_end IS NULL OR term_end >= $1) ORDER BY email`,
      [parisDate(t.clock.now())],
    );
    expect(expected).toHaveLength(21);
    const sent = await mails(t, 'minutes-signed', sitting.id);
    expect(sent.map((m) => m.recipient).sort()).toEqual(expected.map((e) => e.email).sort());
    for (const m of sent) {
      expect(m.subject).toBe(`Procès-verbal signé : séance n° ${sitting.number}`);
      expect(m.text_body).toContain(`Empreinte SHA-256 : ${sha256(signedPdf)}`);
      expect(m.text_body).toContain('signé électroniquement par Claire Morvan');
      expect(m.attachments).toHaveLength(1);
      const [att] = m.attachments ?? [];
      expect(att).toMatchObject({
        filename: `proces-verbal-seance-${sitting.number}-v1.pdf`,
        contentType: 'application/pdf',
      });
      expect(Buffer.from(att.content, 'base64').equals(signedPdf)).toBe(true);
    }
  });

  it('SIG-1: the signed document is frozen: the database refuses UPDATE and DELETE of its row, and the minutes can no longer be edited (409)', async () => {
    expect(
      await sqlError(() =>
        t.ds.query(`UPDATE signed_document SET title = 'Falsifié' WHERE id = $1`, [signedDocId]),
      ),
    ).toContain('signed_document is immutable: UPDATE refused');
    expect(
      await sqlError(() =>
        t.ds.query(`UPDATE signed_document SET sha256 = repeat('0', 64) WHERE id = $1`, [signedDocId]),
      ),
    ).toContain('immutable');
    expect(
      await sqlError(() => t.ds.query(`DELETE FROM signed_document WHERE id = $1`, [signedDocId])),
    ).toContain('signed_document is immutable: DELETE refused');
    const rows: { sha256: string }[] = await t.ds.query(`SELECT sha256 FROM signed_document WHERE id = $1`, [
      signedDocId,
    ]);
    expect(rows).toEqual([{ sha256: sha256(signedPdf) }]);

    const edit = await sec.put<Body<MinutesDto>>(minutesUrl(), { introduction: 'Modifiée après signature' });
    expect(edit.status).toBe(409);
    expect(edit.body.message).toBe(
      'Le procès-verbal est signé : créez une nouvelle version pour le modifier.',
    );
    expect((await pres.post(`${minutesUrl()}/sign`)).status).toBe(409);
  });

  it('SIG-1 / SIG-2: a new version is signed again as version 2 (supersedes_id = version 1); version 1 still verifies, with a warning that a newer version exists', async () => {
    const draft2 = ok(await sec.post<Body<MinutesDto>>(`${minutesUrl()}/new-version`), 'new version');
    expect(draft2).toMatchObject({ state: 'DRAFT', version: 2, signedDocumentId: null });
    expect((await sec.get<SittingDto>(base())).body.state).toBe('MINUTES_DRAFTED');
    ok(
      await sec.put(minutesUrl(), { introduction: 'La séance est ouverte à 18 h 05 (erratum).' }),
      'edit v2',
    );
    const signed2 = ok(await pres.post<Body<MinutesDto>>(`${minutesUrl()}/sign`), 'sign v2');
    expect(signed2).toMatchObject({ state: 'SIGNED', version: 2 });
    expect(signed2.signedDocumentId).not.toBe(signedDocId);

    const rows: { id: string; version: number; supersedes_id: string | null; sha256: string }[] =
      await t.ds.query(
        `SELECT id, version, supersedes_id, sha256 FROM signed_document WHERE subject_id = $1 ORDER BY version`,
        [sitting.id],
      );
    expect(rows.map((r) => [r.version, r.supersedes_id])).toEqual([
      [1, null],
      [2, signedDocId],
    ]);
    const v2 = await downloadPdf(t, pres, `/documents/${signed2.signedDocumentId}/content`);
    expect(sha256(v2)).toBe(rows[1].sha256);
    expect(rows[1].sha256).not.toBe(rows[0].sha256);
    const v2Text = pdfWords(v2);
    expect(v2Text).toContain('Version : 2 (remplace la version 1)');
    expect(v2Text).toContain('La séance est ouverte à 18 h 05 (erratum).');
    const sig = poppler('pdfsig', v2);
    expect(sig.code).toBe(0);
    expect(sig.out).toContain('Signature is Valid');

    const list = ok(await sec.get<SignedDocumentDto[]>(`${minutesUrl()}/documents`), 'documents');
    expect(list.map((d) => [d.version, d.supersededBy])).toEqual([
      [2, null],
      [1, signed2.signedDocumentId],
    ]);
    const old = ok(await verifyUpload(marc, signedPdf), 'verify v1');
    expect(old.status).toBe('GENUINE');
    expect(old.document).toMatchObject({
      id: signedDocId,
      version: 1,
      supersededBy: signed2.signedDocumentId,
    });
    expect(old.message).toContain(`Procès-verbal de la séance n° ${sitting.number}, version 1`);
    expect(old.message).toContain('Attention : une version plus récente (version 2) a été signée depuis.');
    const current = ok(await verifyUpload(marc, v2), 'verify v2');
    expect(current.status).toBe('GENUINE');
    expect(current.message).not.toContain('version plus récente');
    // Version 2 went to every member too.
    const v2Mails = (await mails(t, 'minutes-signed', sitting.id)).filter((m) =>
      m.attachments?.[0]?.filename.endsWith('-v2.pdf'),
    );
    expect(v2Mails).toHaveLength(21);
  });

  /** Every element PV-1 asks for, in the text pdftotext extracts. */
  function expectPv1Elements(text: string): void {
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
});
