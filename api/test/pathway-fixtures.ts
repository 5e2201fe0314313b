import type { PathwayDto, PspDossierDto, PspRequestDto } from '@cdlp/shared';
import { PathwaysService } from '../src/pathways/pathways.service';
import { PspRequestsService } from '../src/psp-requests/psp-requests.service';
import { ErrorBody, demoRequestId, inTx, uploadAll } from './psp-fixtures';
import { DEMO, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** Helpers of the pathway suites (pathways-*.int-spec: PSP-6, PSP-7, PSP-8, AFIS-1, APS-1). */

export type Pathway = PathwayDto & ErrorBody;
type Dto = PspRequestDto & ErrorBody;

/** Who is told of an expiring or ended pathway of the demo association. */
export const RECIPIENTS = ['association@demo.cdlp.fr', 'contact@passerelles86.demo', 'secretariat@demo.cdlp.fr'];

/** The person of the pathway the suites open (a French person with two children). */
export const OWN_PERSON: Partial<PspDossierDto> = {
  lastName: 'Parcourue',
  firstName: 'Eulalie',
  nationality: 'Française',
  nationalityGroup: 'FRANCE',
  foreigner: false,
  administrativeStatus: 'FRANCAISE',
  childrenCount: 2,
};

/**
 * The app, the demo association and secretariat, and the demo pathways: Rose (first period,
 * foreigner) and Nadia (4 periods, near the 24-month limit).
 */
export async function startPathwaysApp(): Promise<{
  t: TestApp;
  asso: TestClient;
  sec: TestClient;
  rosePathway: string;
  nadiaPathway: string;
}> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const asso = await t.login(DEMO.association);
    const sec = await t.login(DEMO.secretariat);
    const pathwayOf = async (lastName: string) => {
      const rows: { id: string }[] = await t.ds.query(`SELECT id FROM pathway WHERE initial_request_id = $1`, [
        await demoRequestId(t, lastName),
      ]);
      return rows[0].id;
    };
    return { t, asso, sec, rosePathway: await pathwayOf('Nkemelu'), nadiaPathway: await pathwayOf('Haddou') };
  });
}

export const getPathway = (c: TestClient, id: string) => c.get<Pathway>(`/pathways/${id}`);

/** PSP-4 then PSP-5: agenda, favourable opinion, authorisation by the préfet. */
export async function authorise(t: TestApp, requestId: string, startDate?: string): Promise<void> {
  await inTx(t, async (m) => {
    await t.app.get(PspRequestsService).putOnAgenda(m, requestId);
    await t.app.get(PspRequestsService).giveOpinion(m, requestId, 'FAVOURABLE');
    await t.app.get(PathwaysService).decide(m, requestId, 'AUTHORISED', startDate);
  });
}

/** A renewal filed, documented and submitted through the api. */
export async function fileRenewal(
  t: TestApp,
  asso: TestClient,
  pathwayId: string,
  progressReport = 'Bilan : engagements tenus.',
): Promise<PspRequestDto> {
  const r = await asso.post<Dto>(`/pathways/${pathwayId}/renewals`, { dossier: { progressReport } });
  if (r.status !== 201) throw new Error(`renewal: ${r.status} ${JSON.stringify(r.body)}`);
  await uploadAll(t, asso, r.body.id, 'RENEWAL');
  const s = await asso.post<Dto>(`/psp-requests/${r.body.id}/submit`);
  if (s.body.state !== 'COMPLETE') throw new Error(`renewal submit: ${s.status} ${JSON.stringify(s.body)}`);
  return s.body;
}
