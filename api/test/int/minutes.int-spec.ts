import type { ApiErrorDto, MinutesDto, SignedDocumentDto, SittingDto } from '@cdlp/shared';
import { formatDateTimeFr, parisDate } from '@cdlp/shared';
import { ok } from '../deliberation-fixtures';
import { DISSENT, JUSTIFICATION, LATE_INTEREST, PLACE, RECUSAL, TIE_TEXT, URGENCY, expectPv1Elements, startMinutesSitting } from '../minutes-fixtures';
import { downloadPdf, mails, pdfText, pdfWords, poppler, sha256, sqlError, verifyUpload } from '../signed-documents-fixtures';
import { TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

/**
 * The procès-verbal of a demo examination sitting (PV-1, SIG-1), held tomorrow at 18:00 and
 * convened the same morning in urgency (CONV-2): the sitting of minutes-fixtures.ts, whose
 * three items were voted (a tie decided by the présidente, a declared interest, a tie that
 * adopts no opinion) and which was closed before an interest was recorded late (COI-1).
 */
describe('minutes: procès-verbal drafted from the records, signed by the president, sent to members (PV-1, SIG-1, SIG-2)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, marc: TestClient;
  let sitting: SittingDto, ref: Record<'A' | 'B' | 'C', string>;
  let draftText = '';
  let signedPdf: Buffer;
  let signedText = '';
  let signedDocId = '';

  const base = () => `/sittings/${sitting.id}`;
  const minutesUrl = () => `${base()}/minutes`;

  beforeAll(async () => {
    ({ t, sec, pres, marc, sitting, ref } = await startMinutesSitting());
  });

  afterAll(() => t?.close());

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
    expectPv1Elements(draftText, { sitting, ref });
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
    expectPv1Elements(signedText, { sitting, ref });
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
});
