import type { PspRequestDto, PspSummaryDto } from '@cdlp/shared';
import { DossierAccessPolicy } from '../../src/psp-requests/dossier-access.policy';
import { PspRequestsService } from '../../src/psp-requests/psp-requests.service';
import {
  ACCOUNT_PASSWORD,
  CIDFF,
  ErrorBody,
  associationId,
  auditRows,
  completeRequest,
  createAccount,
  createDraft,
  demoRequestId,
  fullDossier,
  inTx,
  uploadAll,
  userId,
} from '../psp-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Dto = PspRequestDto & ErrorBody;
type Summary = PspSummaryDto & ErrorBody;

const SITTING_ONLY =
  "Ce dossier n'est consultable que pendant la séance à laquelle vous êtes convoqué(e) (DP-2).";
const COMP3 =
  "Les membres exclus de l'examen des demandes individuelles n'ont pas accès aux dossiers (COMP-3).";

describe('PSP dossier access (DP-2, COMP-3)', () => {
  let t: TestApp;
  let asso: TestClient;
  let sec: TestClient;
  let president: TestClient;
  let member: TestClient;
  let excluded: TestClient;
  let admin: TestClient;
  let memberId: string;
  let excludedMemberId: string;
  /** A request on the agenda, and one only complete. */
  let onAgenda: PspRequestDto;
  let complete: PspRequestDto;
  let otherAssociationRequest: PspRequestDto;
  const convened = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp();
    asso = await t.login(DEMO.association);
    sec = await t.login(DEMO.secretariat);
    president = await t.login(DEMO.president);
    member = await t.login(DEMO.member);
    admin = await t.login(DEMO.admin);
    memberId = (
      (await t.ds.query(`SELECT member_id FROM app_user WHERE email = $1`, [DEMO.member])) as {
        member_id: string;
      }[]
    )[0].member_id;
    // COMP-3: the child-protection member (aide sociale à l'enfance) is excluded from individual PSP dossiers.
    const ase: { id: string; excluded_from_psp: boolean }[] = await t.ds.query(
      `SELECT id, excluded_from_psp FROM member WHERE last_name = 'Collet'`,
    );
    expect(ase[0].excluded_from_psp).toBe(true);
    excludedMemberId = ase[0].id;
    excluded = await t.login(
      await createAccount(t, admin, { role: 'MEMBER', memberId: excludedMemberId }),
      ACCOUNT_PASSWORD,
    );

    onAgenda = await completeRequest(t, asso, {
      lastName: 'Confidentielle',
      firstName: 'Ondine',
      birthDate: '1994-05-17',
      phone: '06 12 34 56 78',
      email: 'ondine.confidentielle@example.fr',
      postalAddress: '12 rue Secrète, Poitiers',
      childrenCount: 2,
    });
    await inTx(t, (m) => t.app.get(PspRequestsService).putOnAgenda(m, onAgenda.id));
    complete = await completeRequest(t, asso, { lastName: 'Attente' });
    const draft = await createDraft(
      sec,
      fullDossier({ lastName: 'Autreasso' }),
      await associationId(t, CIDFF),
    );
    await uploadAll(t, sec, draft.id);
    otherAssociationRequest = (await sec.post<PspRequestDto>(`/psp-requests/${draft.id}/submit`)).body;

    // The sittings module registers who is convened to which request; here, a set of "memberId:requestId".
    t.app
      .get(DossierAccessPolicy)
      .registerConvenedResolver(async (mid, rid) => convened.has(`${mid}:${rid}`));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('DP-2: a member cannot read the full dossier, its documents, nor the list (403)', async () => {
    const docId = onAgenda.documents[0].id;
    convened.add(`${memberId}:${onAgenda.id}`);
    try {
      for (const path of [
        `/psp-requests/${onAgenda.id}`,
        `/psp-requests/${onAgenda.id}/documents/${docId}/content`,
        '/psp-requests',
      ]) {
        const r = await member.get<ErrorBody>(path);
        expect(r.status).toBe(403);
        expect(r.body.message).toBe("Vous n'avez pas les droits nécessaires pour cette action.");
      }
    } finally {
      convened.clear();
    }
    expect(await auditRows(t, 'psp_request.read', onAgenda.id)).toEqual([]);
    expect(await auditRows(t, 'supporting_document.read', onAgenda.id)).toEqual([]);
  });

  it('DP-2: a member cannot read the summary of a request that is not on the agenda of a sitting it is convened to', async () => {
    // Complete but on no agenda.
    convened.add(`${memberId}:${complete.id}`);
    try {
      const notOnAgenda = await member.get<Summary>(`/psp-requests/${complete.id}/summary`);
      expect(notOnAgenda.status).toBe(403);
      expect(notOnAgenda.body.message).toBe(SITTING_ONLY);
      expect(notOnAgenda.body.message).toContain('la séance');
    } finally {
      convened.clear();
    }
    // On an agenda, but the member is not convened to that sitting.
    const notConvened = await member.get<Summary>(`/psp-requests/${onAgenda.id}/summary`);
    expect(notConvened.status).toBe(403);
    expect(notConvened.body.message).toBe(SITTING_ONLY);
    // A decided request (past sitting) is closed again.
    const decided = await demoRequestId(t, 'Camara');
    convened.add(`${memberId}:${decided}`);
    try {
      const past = await member.get<Summary>(`/psp-requests/${decided}/summary`);
      expect(past.status).toBe(403);
      expect(past.body.message).toBe(SITTING_ONLY);
    } finally {
      convened.clear();
    }
    expect(await auditRows(t, 'psp_request.summary_read', onAgenda.id)).toEqual([]);
  });

  it('DP-2: a member convened to the sitting reads the pseudonymised summary only, and the read is audited', async () => {
    convened.add(`${memberId}:${onAgenda.id}`);
    try {
      const r = await member.get<Summary>(`/psp-requests/${onAgenda.id}/summary`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        reference: onAgenda.reference,
        kind: 'INITIAL',
        associationName: 'Association Passerelles Vienne',
        ageBand: expect.stringMatching(/ans/),
        nationalityGroup: 'AFRIQUE',
        foreigner: true,
        childrenCount: 2,
        housing: 'HEBERGEMENT_URGENCE',
        administrativeStatus: 'SANS_TITRE',
        supportPlan: fullDossier().supportPlan,
        evaluation: fullDossier().evaluation,
        associationOpinion: 'FAVOURABLE',
        progressReport: null,
      });
      const text = JSON.stringify(r.body);
      for (const secret of [
        'Confidentielle',
        'Ondine',
        '1994-05-17',
        'Nigériane',
        '06 12 34 56 78',
        'ondine.confidentielle',
        'rue Secrète',
      ]) {
        expect(text).not.toContain(secret);
      }
      const reads = await auditRows(t, 'psp_request.summary_read', onAgenda.id);
      expect(reads).toHaveLength(1);
      expect(reads[0].actor_user_id).toBe(await userId(t, DEMO.member));
      // Convened to one sitting does not open the other requests.
      const other = await member.get<Summary>(`/psp-requests/${complete.id}/summary`);
      expect(other.status).toBe(403);
    } finally {
      convened.clear();
    }
  });

  it('COMP-3: a member excluded from individual PSP requests gets the COMP-3 message, even when convened', async () => {
    convened.add(`${excludedMemberId}:${onAgenda.id}`);
    try {
      const r = await excluded.get<Summary>(`/psp-requests/${onAgenda.id}/summary`);
      expect(r.status).toBe(403);
      expect(r.body.message).toBe(COMP3);
      const other = await excluded.get<Summary>(`/psp-requests/${complete.id}/summary`);
      expect(other.status).toBe(403);
      expect(other.body.message).toBe(COMP3);
      const full = await excluded.get<Dto>(`/psp-requests/${onAgenda.id}`);
      expect(full.status).toBe(403);
    } finally {
      convened.clear();
    }
    expect(await auditRows(t, 'psp_request.summary_read', complete.id)).toEqual([]);
  });

  it('DP-2: the secretariat and the president read the full dossier and the summary of any request', async () => {
    for (const c of [sec, president]) {
      for (const req of [onAgenda, complete, otherAssociationRequest]) {
        const r = await c.get<Dto>(`/psp-requests/${req.id}`);
        expect(r.status).toBe(200);
        expect(r.body.dossier.lastName).toBeDefined();
        expect(r.body.documents).toHaveLength(9);
        const s = await c.get<Summary>(`/psp-requests/${req.id}/summary`);
        expect(s.status).toBe(200);
        expect(s.body.reference).toBe(req.reference);
      }
    }
    expect((await president.get<Dto>(`/psp-requests/${onAgenda.id}`)).body.dossier).toMatchObject({
      lastName: 'Confidentielle',
      firstName: 'Ondine',
      phone: '06 12 34 56 78',
    });
    const doc = onAgenda.documents[0];
    const dl = await president.request('GET', `/psp-requests/${onAgenda.id}/documents/${doc.id}/content`);
    expect(dl.status).toBe(200);
  });

  it('DP-2: the president reads but never files nor changes a request', async () => {
    expect(
      (await president.post<Dto>('/psp-requests', { associationId: onAgenda.associationId, dossier: {} }))
        .status,
    ).toBe(403);
    expect(
      (await president.put<Dto>(`/psp-requests/${complete.id}`, { dossier: fullDossier() })).status,
    ).toBe(403);
    expect((await president.post<Dto>(`/psp-requests/${complete.id}/withdraw`, { reason: 'x' })).status).toBe(
      403,
    );
  });

  it('DP-2: the association reads only its own requests; other accounts without the permission are refused', async () => {
    const own = await asso.get<Dto>(`/psp-requests/${onAgenda.id}`);
    expect(own.status).toBe(200);
    expect(own.body.dossier.lastName).toBe('Confidentielle');
    const other = await asso.get<Dto>(`/psp-requests/${otherAssociationRequest.id}`);
    expect(other.status).toBe(403);
    expect(other.body.message).toBe("Vous n'avez pas accès à ce dossier (DP-2).");
    const otherDoc = await asso.get<Dto>(
      `/psp-requests/${otherAssociationRequest.id}/documents/${otherAssociationRequest.documents[0].id}/content`,
    );
    expect(otherDoc.status).toBe(403);
    // The summary is for sittings, not for associations.
    expect((await asso.get<Summary>(`/psp-requests/${onAgenda.id}/summary`)).status).toBe(403);
    // The administrator manages accounts, not dossiers.
    expect((await admin.get<Dto>(`/psp-requests/${onAgenda.id}`)).status).toBe(403);
    expect((await admin.get<Summary>(`/psp-requests/${onAgenda.id}/summary`)).status).toBe(403);
    expect((await t.anon().get<Dto>(`/psp-requests/${onAgenda.id}`)).status).toBe(401);
  });

  it('DP-2: pathways are visible to the secretariat, the president and their own association only', async () => {
    const rows: { id: string }[] = await t.ds.query(`SELECT id FROM pathway ORDER BY reference LIMIT 1`);
    const id = rows[0].id;
    expect((await sec.get(`/pathways/${id}`)).status).toBe(200);
    expect((await president.get(`/pathways/${id}`)).status).toBe(200);
    expect((await asso.get(`/pathways/${id}`)).status).toBe(200);
    expect((await member.get(`/pathways/${id}`)).status).toBe(403);
    const cidffAccount = await t.login(
      await createAccount(t, admin, { role: 'ASSOCIATION', associationId: await associationId(t, CIDFF) }),
      ACCOUNT_PASSWORD,
    );
    const r = await cidffAccount.get<ErrorBody>(`/pathways/${id}`);
    expect(r.status).toBe(403);
    expect(r.body.message).toBe("Vous n'avez pas accès à ce parcours (DP-2).");
  });
});
