import type { ApiErrorDto, DecisionDto, PageDto, PathwayDto, PspRequestDto } from '@cdlp/shared';
import { addDays, formatDateFr, parisDate, periodEnd } from '@cdlp/shared';
import { PspRequestEntity } from '../../src/psp-requests/psp-request.entity';
import { ok } from '../deliberation-fixtures';
import { AUTHORISE_REASONS, decisionHelpers, startDecisionsApp } from '../decision-fixtures';
import { downloadPdf, download, giveOpinion, mails, pdfWords, poppler, requestByName, sha256 } from '../signed-documents-fixtures';
import { TestApp, TestClient } from '../test-app';

type Body<T> = T & ApiErrorDto;

const DEPART_REASONS =
  "l'hébergement stable obtenu depuis l'avis de la commission lève la réserve qui fondait son avis défavorable ;";
const REFUSE_REASONS =
  "le projet d'insertion ne comporte à ce jour aucune action de formation ni d'accès aux droits ;";

/**
 * The préfet's decisions on PSP requests (PSP-5, PSP-6, AFIS-1, APS-1, SIG-1, DP-2), from
 * the demo: Sandra Lopes (Brazilian, favourable opinion) is authorised; Mélanie Garnier
 * (French, two children) is authorised against an unfavourable opinion; Grace Mensah is
 * refused after an unfavourable opinion. The renewals are decisions-renewals.int-spec's.
 */
describe('decisions: the préfet decides after the opinion, signs, and the pathway opens (PSP-5, PSP-6, SIG-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, member: TestClient, asso: TestClient;
  let today: string;
  let lopes: PspRequestEntity;
  let garnier: PspRequestEntity;
  let mensah: PspRequestEntity;
  let lopesDocId = '';

  const { decisionUrl, prepare, letter } = decisionHelpers(() => ({ t, sec }));

  beforeAll(async () => {
    ({ t, today, sec, pres, member, asso } = await startDecisionsApp());
    [lopes, garnier, mensah] = await Promise.all(
      ['Lopes', 'Garnier', 'Mensah'].map((n) => requestByName(t, n)),
    );
    await giveOpinion(t, garnier.id, 'UNFAVOURABLE');
    await giveOpinion(t, mensah.id, 'UNFAVOURABLE');
  });

  afterAll(() => t?.close());

  it('PSP-5: no decision is prepared before the commission gives its opinion (409); the opinion and the decision are separate records', async () => {
    const wei = await requestByName(t, 'Wei');
    const r = await prepare(wei, { kind: 'AUTHORISED', reasons: AUTHORISE_REASONS, pathwayStartDate: today });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      `La décision se prépare après l'avis de la commission : la demande ${wei.reference} n'est pas à ce stade.`,
    );
    expect(
      ok(await sec.get<{ decision: DecisionDto | null }>(decisionUrl(lopes)), 'get').decision,
    ).toBeNull();
  });

  it('PSP-5 / PSP-6: the decision is prepared from the opinion (favourable → authorisation) with the dates of the first 6-month period', async () => {
    // PSP-6: an authorisation needs the date the pathway starts, not before the opinion.
    const noDate = await prepare(lopes, { kind: 'AUTHORISED', reasons: AUTHORISE_REASONS });
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors?.map((e) => e.field)).toEqual(['pathwayStartDate']);
    const early = await prepare(lopes, {
      kind: 'AUTHORISED',
      reasons: AUTHORISE_REASONS,
      pathwayStartDate: addDays(parisDate(lopes.opinionAt as Date), -1),
    });
    expect(early.status).toBe(400);
    expect(early.body.errors?.[0]).toMatchObject({
      field: 'pathwayStartDate',
      message: "Le parcours ne peut pas commencer avant l'avis de la commission.",
    });

    const dto = ok(
      await prepare(lopes, { kind: 'AUTHORISED', reasons: AUTHORISE_REASONS, pathwayStartDate: today }),
      'prepare',
    );
    expect(dto).toMatchObject({
      requestId: lopes.id,
      reference: lopes.reference,
      requestKind: 'INITIAL',
      opinion: 'FAVOURABLE',
      kind: 'AUTHORISED',
      departsFromOpinion: false,
      reasons: AUTHORISE_REASONS,
      pathwayStartDate: today,
      pathwayEndDate: periodEnd(today, 6),
      state: 'DRAFT',
      signedDocumentId: null,
      signedAt: null,
    });
    expect(
      ok(await sec.get<{ decision: DecisionDto | null }>(decisionUrl(lopes)), 'get').decision,
    ).toMatchObject({ id: dto.id, state: 'DRAFT' });
    // Opinion and decision are separate: the request keeps its opinion and is not decided yet.
    const rows: { state: string; opinion: string; decision: string | null }[] = await t.ds.query(
      `SELECT state, opinion, decision FROM psp_request WHERE id = $1`,
      [lopes.id],
    );
    expect(rows[0]).toEqual({ state: 'OPINION_GIVEN', opinion: 'FAVOURABLE', decision: null });
  });

  it('PSP-5 / AFIS-1 / APS-1: the authorisation letter has the legal references, the opinion, the pathway dates, the AFIS allowance and (foreign person) the APS', async () => {
    const text = await letter(lopes);
    expect(text).toContain('PROJET');
    expect(text).toContain('Décision d’autorisation');
    expect(text).toContain(`Référence du dossier : ${lopes.reference} (Demande initiale)`);
    expect(text).toContain(
      "À l'attention de Sandra Lopes (date de naissance : 19 mai 1985), par l'intermédiaire de Association Passerelles Vienne.",
    );
    expect(text).toContain('Le préfet de la Vienne,');
    // Legal references (visas).
    expect(text).toContain(
      "Vu le code de l'action sociale et des familles, notamment ses articles L. 121-9 et R. 121-12-1 à R. 121-12-13-1 ;",
    );
    expect(text).toContain('Vu la loi n° 2016-444 du 13 avril 2016');
    expect(text).toContain('Vu le décret n° 2016-1467 du 28 octobre 2016');
    expect(text).toContain(
      'Vu la demande initiale présentée par Association Passerelles Vienne, association agréée ;',
    );
    expect(text).toContain(
      `Vu l'avis favorable de la commission départementale le ${formatDateFr(parisDate(lopes.opinionAt as Date))} ;`,
    );
    expect(text).toContain(
      "Vu le code de l'entrée et du séjour des étrangers et du droit d'asile, notamment son article L. 425-4 ;",
    );
    expect(text).toContain(`Considérant ${AUTHORISE_REASONS}`);
    expect(text).not.toContain("s'écarte de l'avis");
    // The pathway dates (PSP-6), AFIS-1 and APS-1.
    expect(text).toContain(
      `Article 2 — Le parcours court du ${formatDateFr(today)} au ${formatDateFr(periodEnd(today, 6))} (période de 6 mois).`,
    );
    expect(text).toContain('sans excéder vingt-quatre mois au total (PSP-6)');
    expect(text).toContain(
      "Article 3 — Cette autorisation ouvre droit à l'aide financière à l'insertion sociale et professionnelle (AFIS), d'un montant de 343,20 € par mois",
    );
    expect(text).toContain('(AFIS-1)');
    expect(text).toContain(
      "Article 4 — La personne peut se voir délivrer une autorisation provisoire de séjour d'une durée d'au moins six mois",
    );
    expect(text).toContain('(article L. 425-4 du CESEDA, APS-1)');
    expect(text).toContain('Article 5 — Le parcours peut prendre fin avant son terme');
    expect(text).toContain(`Fait à : Poitiers, le ${formatDateFr(today)}`);
    expect(text).not.toContain('Voies et délais de recours');
  });

  it('PSP-5: a decision that departs from the opinion says so in the letter (unfavourable opinion, authorisation); a French person has no APS article', async () => {
    const dto = ok(
      await prepare(garnier, { kind: 'AUTHORISED', reasons: DEPART_REASONS, pathwayStartDate: today }),
      'prepare Garnier',
    );
    expect(dto).toMatchObject({ opinion: 'UNFAVOURABLE', kind: 'AUTHORISED', departsFromOpinion: true });
    const text = await letter(garnier);
    expect(text).toContain(
      `Vu l'avis défavorable de la commission départementale le ${formatDateFr(today)} ;`,
    );
    expect(text).toContain(
      "La présente décision s'écarte de l'avis de la commission, qui est consultatif (PSP-5), pour les motifs exposés ci-dessus.",
    );
    // AFIS-1: 343.20 EUR + 2 × 106.08 EUR for two children.
    expect(text).toContain("d'un montant de 555,36 € par mois");
    expect(text).not.toContain('APS-1');
    expect(text).not.toContain('L. 425-4');
    expect(text).toContain('Article 4 — Le parcours peut prendre fin avant son terme');
  });

  it('PSP-5: a refusal letter states the means and delays of appeal ("voies et délais de recours") and opens no right', async () => {
    const dto = ok(await prepare(mensah, { kind: 'REFUSED', reasons: REFUSE_REASONS }), 'prepare Mensah');
    expect(dto).toMatchObject({
      opinion: 'UNFAVOURABLE',
      kind: 'REFUSED',
      departsFromOpinion: false,
      pathwayStartDate: null,
      pathwayEndDate: null,
    });
    const text = await letter(mensah);
    expect(text).toContain('Décision de refus');
    expect(text).toContain(
      "Article 1er — La demande d'engagement dans un parcours de sortie de la prostitution est refusée.",
    );
    expect(text).toContain('Voies et délais de recours');
    expect(text).toContain(
      "dans un délai de deux mois à compter de sa notification : d'un recours gracieux auprès du préfet de la Vienne",
    );
    expect(text).toContain('recours contentieux devant le tribunal administratif compétent');
    expect(text).toContain('Télérecours citoyens');
    expect(text).toContain("Conseil d'État, 19 novembre 2021, n° 440802, PSP-3b");
    expect(text).not.toContain('AFIS');
    expect(text).not.toContain('parcours court du');
  });

  it('SIG-1: only the president signs a decision: the secretariat gets 403 and the request stays undecided', async () => {
    expect((await sec.post(`${decisionUrl(lopes)}/sign`)).status).toBe(403);
    expect((await asso.post(`${decisionUrl(lopes)}/sign`)).status).toBe(403);
    const rows: { state: string }[] = await t.ds.query(`SELECT state FROM psp_request WHERE id = $1`, [
      lopes.id,
    ]);
    expect(rows[0].state).toBe('OPINION_GIVEN');
  });

  it('PSP-5 / PSP-6 / SIG-1: signing by the president records DECIDED on the request and opens the pathway with its first 6-month period', async () => {
    const signed = ok(await pres.post<Body<DecisionDto>>(`${decisionUrl(lopes)}/sign`), 'sign');
    expect(signed).toMatchObject({ state: 'SIGNED', kind: 'AUTHORISED' });
    lopesDocId = signed.signedDocumentId as string;
    const request = ok(await sec.get<Body<PspRequestDto>>(`/psp-requests/${lopes.id}`), 'request');
    expect(request).toMatchObject({ state: 'DECIDED', opinion: 'FAVOURABLE', decision: 'AUTHORISED' });

    const page = ok(await sec.get<PageDto<PathwayDto>>('/pathways?pageSize=100'), 'pathways');
    const pathway = page.items.find((p) => p.reference === lopes.reference);
    expect(pathway).toMatchObject({
      state: 'ACTIVE',
      startDate: today,
      currentPeriodEnd: periodEnd(today, 6),
      totalMonths: 6,
      remainingMonths: 18,
      canRenew: true,
      foreigner: true,
      residencePermitStatus: 'TO_REQUEST',
      afisMonthlyAmount: 343.2,
      periods: [
        { index: 1, startDate: today, endDate: periodEnd(today, 6), requestReference: lopes.reference },
      ],
    });
    // The association sees its pathway too.
    expect(
      ok(await asso.get<PageDto<PathwayDto>>('/pathways?pageSize=100'), 'asso pathways').items.map(
        (p) => p.reference,
      ),
    ).toContain(lopes.reference);

    // SIG-1: the letter carries the signer's name and quality, and a valid PAdES signature.
    const pdf = await downloadPdf(t, sec, `/documents/${lopesDocId}/content`);
    const rows: {
      kind: string;
      sha256: string;
      signer_name: string;
      signer_quality: string;
      title: string;
    }[] = await t.ds.query(
      `SELECT kind, sha256, signer_name, signer_quality, title FROM signed_document WHERE id = $1`,
      [lopesDocId],
    );
    expect(rows).toEqual([
      {
        kind: 'DECISION',
        sha256: sha256(pdf),
        signer_name: 'Claire Morvan',
        signer_quality: 'Préfète, Préfecture de la Vienne',
        title: `Décision du préfet — ${lopes.reference}`,
      },
    ]);
    const text = pdfWords(pdf);
    expect(text).not.toContain('PROJET');
    expect(text).toMatch(
      /Pour le préfet, signé électroniquement par Claire Morvan, Préfète, Préfecture de la Vienne, le .+ \(SIG-1\)\./,
    );
    const sig = poppler('pdfsig', pdf);
    expect(sig.code).toBe(0);
    expect(sig.out).toContain('Signature is Valid');
    expect(sig.out).toContain('Total document signed');

    // Signed means frozen: neither prepared again nor signed twice.
    const again = await prepare(lopes, { kind: 'REFUSED', reasons: REFUSE_REASONS });
    expect(again.status).toBe(409);
    expect((await pres.post(`${decisionUrl(lopes)}/sign`)).status).toBe(409);
  });

  it('PSP-5 / DP-2: the "decision-signed" mail goes to the association with the pseudonymous reference and no person name', async () => {
    const sent = await mails(t, 'decision-signed', lopes.id);
    expect(sent.map((m) => m.recipient).sort()).toEqual([
      'association@demo.cdlp.fr',
      'contact@passerelles86.demo',
    ]);
    for (const m of sent) {
      expect(m.subject).toBe(`Décision du préfet : demande ${lopes.reference}`);
      expect(m.text_body).toContain(`Le préfet a signé sa décision sur la demande ${lopes.reference}`);
      for (const part of [m.subject, m.text_body, m.html_body]) {
        for (const name of ['Sandra', 'Lopes', 'Brésilienne', '1985']) expect(part).not.toContain(name);
      }
      expect(m.attachments ?? []).toEqual([]);
    }
  });

  it('DP-2: the signed letter is readable by the association and the secretariat (and the president), not by a member (403)', async () => {
    const bySec = await downloadPdf(t, sec, `/documents/${lopesDocId}/content`);
    const byAsso = await downloadPdf(t, asso, `/documents/${lopesDocId}/content`);
    const byPres = await downloadPdf(t, pres, `/documents/${lopesDocId}/content`);
    expect(byAsso.equals(bySec) && byPres.equals(bySec)).toBe(true);
    const byMember = await download(t, member, `/documents/${lopesDocId}/content`);
    expect(byMember.status).toBe(403);
    expect(byMember.body.toString('utf8')).not.toContain('%PDF');
    expect((await member.get(decisionUrl(lopes))).status).toBe(403);
    expect((await member.get(`${decisionUrl(lopes)}/documents`)).status).toBe(403);
    expect((await download(t, member, `${decisionUrl(lopes)}/draft.pdf`)).status).toBe(403);
  });

  it('PSP-5: signing a refusal records DECIDED (REFUSED) and opens no pathway', async () => {
    ok(await pres.post(`${decisionUrl(mensah)}/sign`), 'sign refusal');
    const rows: { state: string; decision: string; pathway_id: string | null }[] = await t.ds.query(
      `SELECT state, decision, pathway_id FROM psp_request WHERE id = $1`,
      [mensah.id],
    );
    expect(rows[0]).toEqual({ state: 'DECIDED', decision: 'REFUSED', pathway_id: null });
    const page = ok(await sec.get<PageDto<PathwayDto>>('/pathways?pageSize=100'), 'pathways');
    expect(page.items.map((p) => p.reference)).not.toContain(mensah.reference);
    const sent = await mails(t, 'decision-signed', mensah.id);
    expect(sent).toHaveLength(2);
    for (const m of sent) for (const name of ['Grace', 'Mensah']) expect(m.text_body).not.toContain(name);
  });
});
