import type { ApiErrorDto, DecisionDto, PathwayDto } from '@cdlp/shared';
import { addDays, formatDateFr, periodEnd } from '@cdlp/shared';
import { ok } from '../deliberation-fixtures';
import { AUTHORISE_REASONS, decisionHelpers, startDecisionsApp } from '../decision-fixtures';
import { renewalWithOpinion, requestByName } from '../signed-documents-fixtures';
import { TestApp, TestClient } from '../test-app';

/**
 * The préfet's decisions on renewals (PSP-5, PSP-6, SIG-1), from the demo: Rose Nkemelu's
 * pathway is renewed; Nadia Haddou's pathway, at 24 months, cannot be. The decisions on
 * initial requests are decisions.int-spec's.
 */
describe('decisions: the préfet decides after the opinion, signs, and the pathway opens (PSP-5, PSP-6, SIG-1)', () => {
  let t: TestApp, sec: TestClient, pres: TestClient, asso: TestClient;
  let today: string;
  const { decisionUrl, prepare, letter } = decisionHelpers(() => ({ t, sec }));
  beforeAll(async () => ({ t, today, sec, pres, asso } = await startDecisionsApp()));
  afterAll(() => t?.close());

  it('PSP-6: an authorised renewal adds the next 6-month period to the pathway', async () => {
    const initial = await requestByName(t, 'Nkemelu');
    const pathwayId = initial.pathwayId as string;
    const before = ok(await sec.get<PathwayDto>(`/pathways/${pathwayId}`), 'pathway');
    expect(before.periods).toHaveLength(1);
    const renewal = await renewalWithOpinion(t, pathwayId, 'FAVOURABLE');
    const next = addDays(before.currentPeriodEnd, 1);

    // The contract asks a date for every authorisation; for a renewal the period follows the current one, whatever is sent.
    const dto = ok(
      await prepare(renewal, { kind: 'AUTHORISED', reasons: AUTHORISE_REASONS, pathwayStartDate: today }),
      'prepare renewal',
    );
    expect(dto).toMatchObject({
      requestKind: 'RENEWAL',
      kind: 'AUTHORISED',
      pathwayStartDate: next,
      pathwayEndDate: periodEnd(next, 6),
    });
    const text = await letter(renewal);
    expect(text).toContain(`Référence du dossier : ${renewal.reference} (Demande de renouvellement)`);
    expect(text).toContain(
      'Vu la demande de renouvellement présentée par Association Passerelles Vienne, association agréée ;',
    );
    expect(text).toContain(
      `Le parcours court du ${formatDateFr(next)} au ${formatDateFr(periodEnd(next, 6))}`,
    );

    ok(await pres.post(`${decisionUrl(renewal)}/sign`), 'sign renewal');
    const after = ok(await sec.get<PathwayDto>(`/pathways/${pathwayId}`), 'pathway after');
    expect(after).toMatchObject({
      totalMonths: 12,
      remainingMonths: 12,
      currentPeriodEnd: periodEnd(next, 6),
      pendingRenewalRequestId: null,
    });
    expect(after.periods.map((p) => [p.index, p.startDate, p.endDate, p.requestReference])).toEqual([
      [1, before.periods[0].startDate, before.periods[0].endDate, before.periods[0].requestReference],
      [2, next, periodEnd(next, 6), renewal.reference],
    ]);
  });

  it('PSP-6: a renewal that would pass 24 months cannot be filed (409), nor its authorisation prepared (409); a refusal can', async () => {
    const initial = await requestByName(t, 'Haddou');
    const pathwayId = initial.pathwayId as string;
    const pathway = ok(await sec.get<PathwayDto>(`/pathways/${pathwayId}`), 'pathway');
    expect(pathway).toMatchObject({ totalMonths: 24, remainingMonths: 0, canRenew: false });
    const message =
      'Renouvellement impossible : le parcours atteindrait 30 mois, au-delà de la durée maximale de 24 mois (PSP-6).';
    const filed = await asso.post<ApiErrorDto>(`/pathways/${pathwayId}/renewals`, {
      dossier: { progressReport: 'Bilan' },
    });
    expect(filed.status).toBe(409);
    expect(filed.body.message).toBe(message);

    // A renewal that reached the opinion anyway (filed outside the portal's checks).
    const renewal = await renewalWithOpinion(t, pathwayId, 'FAVOURABLE');
    const r = await prepare(renewal, {
      kind: 'AUTHORISED',
      reasons: AUTHORISE_REASONS,
      pathwayStartDate: today,
    });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(message);
    expect(
      ok(await sec.get<{ decision: DecisionDto | null }>(decisionUrl(renewal)), 'get').decision,
    ).toBeNull();
    expect(
      ok(
        await prepare(renewal, {
          kind: 'REFUSED',
          reasons: 'la durée maximale du parcours est atteinte (PSP-6) ;',
        }),
        'refusal',
      ),
    ).toMatchObject({
      kind: 'REFUSED',
      departsFromOpinion: true,
    });
    expect(ok(await sec.get<PathwayDto>(`/pathways/${pathwayId}`), 'pathway after').periods).toHaveLength(4);
  });
});
