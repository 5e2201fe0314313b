import type { PspRequestDto } from '@cdlp/shared';
import { addDays, addYears, daysBetween, parisDate } from '@cdlp/shared';
import { runCli } from '../../src/cli/cli';
import { RetentionService } from '../../src/psp-requests/retention.service';
import {
  ErrorBody,
  auditRows,
  completeRequest,
  countRows,
  createDraft,
  demoRequestId,
  fullDossier,
  parisNoon,
  upload,
} from '../psp-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

const PURGED =
  'Les données de cette demande ont été supprimées au terme de leur durée de conservation (DP-3).';

interface RequestRow {
  id: string;
  state: string;
  dossier_enc: Buffer | null;
  withdrawn_reason_enc: Buffer | null;
  purged_at: Date | null;
}
interface StatRow {
  record_type: string;
  departement_code: string;
  year: number;
  kind: string | null;
  outcome: string | null;
  age_band: string | null;
  nationality_group: string | null;
  foreigner: boolean | null;
  days_completion_to_opinion: number | null;
  pathway_months: number | null;
  end_reason: string | null;
}

describe('retention purge (DP-3)', () => {
  let t: TestApp;
  let t0: string;
  let irina: string;
  let fatou: string;
  let lopes: string;
  let mine: PspRequestDto;
  let recent: string;
  let rosePathway: string;
  let roseRequest: string;
  let nadiaPathway: string;

  const row = async (id: string): Promise<RequestRow> =>
    (
      (await t.ds.query(
        `SELECT id, state, dossier_enc, withdrawn_reason_enc, purged_at FROM psp_request WHERE id = $1`,
        [id],
      )) as RequestRow[]
    )[0];
  const liveDocs = (id: string) =>
    countRows(
      t,
      'supporting_document',
      'request_id = $1 AND content_enc IS NOT NULL AND length(filename_enc) > 0',
      [id],
    );
  const stats = (): Promise<StatRow[]> =>
    t.ds.query(
      `SELECT record_type, departement_code, year, kind, outcome, age_band, nationality_group, foreigner,
              days_completion_to_opinion, pathway_months, end_reason
         FROM anonymised_statistic ORDER BY record_type, outcome, nationality_group`,
    );
  /** Moves the clock and logs in again (sessions follow the clock). */
  async function at(date: string, email: string = DEMO.secretariat): Promise<TestClient> {
    t.clock.setNow(parisNoon(date));
    return t.login(email);
  }

  beforeAll(async () => {
    t = await startTestApp();
    t0 = parisDate(t.clock.now());
    const asso = await t.login(DEMO.association);
    const sec = await t.login(DEMO.secretariat);
    irina = await demoRequestId(t, 'Kovalenko'); // withdrawn today
    fatou = await demoRequestId(t, 'Camara'); // refused today
    lopes = await demoRequestId(t, 'Lopes'); // opinion given, no decision
    roseRequest = await demoRequestId(t, 'Nkemelu');
    const pathways: { id: string; initial_request_id: string }[] = await t.ds.query(
      `SELECT id, initial_request_id FROM pathway`,
    );
    rosePathway = pathways.find((p) => p.initial_request_id === roseRequest)?.id as string;
    nadiaPathway = pathways.find((p) => p.initial_request_id !== roseRequest)?.id as string;
    // A complete request of ours, withdrawn today (its age band is known).
    mine = await completeRequest(t, asso, {
      lastName: 'Éphémère',
      nationalityGroup: 'AFRIQUE',
      foreigner: true,
    });
    mine = (await asso.post<Dto>(`/psp-requests/${mine.id}/withdraw`, { reason: 'Départ du département.' }))
      .body;
    expect(mine.state).toBe('WITHDRAWN');
    // Rose's pathway ends today.
    const ended = await sec.post(`/pathways/${rosePathway}/end`, { reason: 'COMPLETED', effectiveDate: t0 });
    expect(ended.status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('DP-3: the CLI retention:purge purges what is past its retention and says so', async () => {
    const sec = await t.login(DEMO.secretariat);
    const draft = await createDraft(sec, fullDossier({ lastName: 'Ancienne' }), mine.associationId);
    await upload(sec, draft.id, { itemCode: 'SITUATION' });
    await sec.post(`/psp-requests/${draft.id}/withdraw`, { reason: 'Sans nouvelles.' });
    // Withdrawn three years ago: past the 24 months of retention.
    await t.ds.query(`UPDATE psp_request SET withdrawn_at = now() - interval '3 years' WHERE id = $1`, [
      draft.id,
    ]);
    expect(await auditRows(t, 'retention.purged')).toEqual([]);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['retention:purge'], t.config, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual([
      'Purge DP-3 (79) : 0 demande(s), 0 parcours et 0 pièce(s) anonymisés.',
      'Purge DP-3 (86) : 1 demande(s), 0 parcours et 1 pièce(s) anonymisés.',
    ]);
    expect((await row(draft.id)).purged_at).not.toBeNull();
    expect((await row(draft.id)).dossier_enc).toBeNull();
    const r = await sec.get<Dto>(`/psp-requests/${draft.id}`);
    expect(r.status).toBe(404);
    expect(r.body.message).toBe(PURGED);
    // Nothing else was due today.
    for (const id of [irina, fatou, mine.id]) expect((await row(id)).purged_at).toBeNull();
    const [cliAudit] = await auditRows(t, 'retention.purged');
    expect(cliAudit.details).toEqual({ requests: 1, pathways: 0, documents: 1, rule: 'DP-3' });
    await t.ds.query(`DELETE FROM anonymised_statistic`);
  });

  it('DP-3: nothing is purged before its time (23 months after a withdrawal)', async () => {
    t.clock.setNow(parisNoon(addDays(addYears(t0, 2), -40)));
    try {
      expect(await t.inScope('86', () => t.app.get(RetentionService).purge())).toEqual({ requests: 0, pathways: 0, documents: 0 });
      expect(await countRows(t, 'anonymised_statistic')).toBe(0);
    } finally {
      t.clock.setNow(new Date());
    }
  });

  it('DP-3: three years later, withdrawn and refused requests past their retention are purged, leaving anonymised statistics', async () => {
    // Two years later: a withdrawal that is still recent at the purge.
    const asso = await at(addYears(t0, 2), DEMO.association);
    const draft = await createDraft(asso, fullDossier({ lastName: 'Récente' }));
    expect((await upload(asso, draft.id, { itemCode: 'SITUATION' })).status).toBe(201);
    expect(
      (await asso.post<Dto>(`/psp-requests/${draft.id}/withdraw`, { reason: 'Changement de projet.' })).body
        .state,
    ).toBe('WITHDRAWN');
    recent = draft.id;

    const purgeDay = addDays(addYears(t0, 3), 1);
    const sec = await at(purgeDay);
    const before = {
      requests: await countRows(t, 'psp_request'),
      documents: await countRows(t, 'supporting_document'),
      irinaDocs: await liveDocs(irina),
      fatouDocs: await liveDocs(fatou),
      mineDocs: await liveDocs(mine.id),
    };
    expect(before.irinaDocs).toBe(9);
    expect(before.fatouDocs).toBe(9);
    expect(before.mineDocs).toBe(9);

    const report = await t.inScope('86', () => t.app.get(RetentionService).purge());
    expect(report).toEqual({ requests: 3, pathways: 0, documents: 27 });

    for (const id of [irina, fatou, mine.id]) {
      const r = await row(id);
      expect(r.purged_at).not.toBeNull();
      expect(r.dossier_enc).toBeNull();
      expect(r.withdrawn_reason_enc).toBeNull();
      expect(await liveDocs(id)).toBe(0);
      const docs: { content_enc: Buffer | null; filename_enc: Buffer }[] = await t.ds.query(
        `SELECT content_enc, filename_enc FROM supporting_document WHERE request_id = $1`,
        [id],
      );
      expect(docs.every((d) => d.content_enc === null && d.filename_enc.length === 0)).toBe(true);
    }
    // Rows stay (references, states and statistics of the year), only personal data goes.
    expect(await countRows(t, 'psp_request')).toBe(before.requests);
    expect(await countRows(t, 'supporting_document')).toBe(before.documents);
    expect((await row(fatou)).state).toBe('DECIDED');

    const yearOf = async (id: string) =>
      (
        (await t.ds.query(
          `SELECT extract(year FROM submitted_at AT TIME ZONE 'Europe/Paris')::int AS y FROM psp_request WHERE id = $1`,
          [id],
        )) as {
          y: number;
        }[]
      )[0].y;
    const s = await stats();
    expect(s).toEqual([
      {
        record_type: 'PSP_REQUEST',
        departement_code: '86',
        year: await yearOf(fatou),
        kind: 'INITIAL',
        outcome: 'REFUSED',
        age_band: null,
        nationality_group: 'AFRIQUE',
        foreigner: true,
        days_completion_to_opinion: 20,
        pathway_months: null,
        end_reason: null,
      },
      {
        record_type: 'PSP_REQUEST',
        departement_code: '86',
        year: await yearOf(mine.id),
        kind: 'INITIAL',
        outcome: 'WITHDRAWN',
        age_band: '25 à 34 ans',
        nationality_group: 'AFRIQUE',
        foreigner: true,
        days_completion_to_opinion: null,
        pathway_months: null,
        end_reason: null,
      },
      {
        record_type: 'PSP_REQUEST',
        departement_code: '86',
        year: await yearOf(irina),
        kind: 'INITIAL',
        outcome: 'WITHDRAWN',
        age_band: null,
        nationality_group: 'EUROPE_HORS_UE',
        foreigner: true,
        days_completion_to_opinion: null,
        pathway_months: null,
        end_reason: null,
      },
    ]);
    // DP-3: the statistics carry no identity and no link back to the request.
    const columns: { column_name: string }[] = await t.ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'anonymised_statistic' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['request_id']));
    expect(
      columns.map((c) => c.column_name).some((c) => /name|birth|reference|request|pathway_id/.test(c)),
    ).toBe(false);

    const purges = await auditRows(t, 'retention.purged');
    const audit = purges[purges.length - 1];
    expect(audit.details).toEqual({ requests: 3, pathways: 0, documents: 27, rule: 'DP-3' });
    expect(audit.actor_user_id).toBeNull();

    // A purged request answers 404 with the DP-3 message, and so do its documents.
    const gone = await sec.get<Dto>(`/psp-requests/${irina}`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe(PURGED);
    const docId = mine.documents[0].id;
    const doc = await sec.get<Dto>(`/psp-requests/${mine.id}/documents/${docId}/content`);
    expect(doc.status).toBe(404);
    expect(doc.body.message).toBe(PURGED);
    expect((await sec.get<Dto>(`/psp-requests/${fatou}/summary`)).status).toBe(404);

    // Recent ones, the other states and the pathways are untouched.
    const kept = await sec.get<Dto>(`/psp-requests/${recent}`);
    expect(kept.status).toBe(200);
    expect(kept.body.dossier.lastName).toBe('Récente');
    expect(kept.body.withdrawnReason).toBe('Changement de projet.');
    expect(await liveDocs(recent)).toBe(1);
    for (const id of [lopes, roseRequest]) {
      expect((await row(id)).purged_at).toBeNull();
      expect((await sec.get<Dto>(`/psp-requests/${id}`)).status).toBe(200);
    }
    expect((await sec.get(`/pathways/${rosePathway}`)).status).toBe(200);

    // Running again changes nothing.
    expect(await t.inScope('86', () => t.app.get(RetentionService).purge())).toEqual({ requests: 0, pathways: 0, documents: 0 });
    expect(await stats()).toHaveLength(3);
  });

  it('DP-3: five years after its end, an ended pathway is purged with its requests; an active one is kept', async () => {
    const roseStart: string = (
      (await t.ds.query(`SELECT start_date::text AS d FROM pathway WHERE id = $1`, [rosePathway])) as {
        d: string;
      }[]
    )[0].d;
    const sec = await at(addDays(addYears(t0, 5), 1));
    const report = await t.inScope('86', () => t.app.get(RetentionService).purge());
    // Rose's pathway and its initial request, and the request withdrawn two years after t0.
    expect(report).toEqual({ requests: 2, pathways: 1, documents: 10 });
    const pathway: { purged_at: Date | null; end_comment: string | null; state: string }[] = await t.ds.query(
      `SELECT purged_at, end_comment, state FROM pathway WHERE id = $1`,
      [rosePathway],
    );
    expect(pathway[0].purged_at).not.toBeNull();
    expect(pathway[0].state).toBe('ENDED');
    expect((await row(roseRequest)).dossier_enc).toBeNull();
    expect((await row(recent)).dossier_enc).toBeNull();
    const s = await stats();
    expect(s.filter((x) => x.record_type === 'PATHWAY')).toEqual([
      {
        record_type: 'PATHWAY',
        departement_code: '86',
        year: Number(roseStart.slice(0, 4)),
        kind: null,
        outcome: 'ENDED',
        age_band: null,
        nationality_group: null,
        foreigner: true,
        days_completion_to_opinion: null,
        pathway_months: Math.round(daysBetween(roseStart, t0) / 30.44),
        end_reason: 'COMPLETED',
      },
    ]);
    expect(s.filter((x) => x.record_type === 'PSP_REQUEST')).toHaveLength(5);
    expect(s.find((x) => x.record_type === 'PSP_REQUEST' && x.outcome === 'AUTHORISED')).toMatchObject({
      nationality_group: 'AFRIQUE',
      foreigner: true,
    });

    const gone = await sec.get<ErrorBody>(`/pathways/${rosePathway}`);
    expect(gone.status).toBe(404);
    expect((await sec.get<Dto>(`/psp-requests/${roseRequest}`)).body.message).toBe(PURGED);
    // The active pathway near 24 months is kept, with its requests.
    expect((await sec.get(`/pathways/${nadiaPathway}`)).status).toBe(200);
    const nadiaRequests: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM psp_request WHERE pathway_id = $1 AND purged_at IS NULL AND dossier_enc IS NOT NULL`,
      [nadiaPathway],
    );
    expect(nadiaRequests[0].n).toBe(4);
    t.clock.setNow(new Date());
  });
});
