import type { ApiErrorDto, DecisionDto } from '@cdlp/shared';
import { parisDate } from '@cdlp/shared';
import type { PspRequestEntity } from '../src/psp-requests/psp-request.entity';
import { downloadPdf, pdfWords } from './signed-documents-fixtures';
import { DEMO, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** Helpers of the préfet's decisions suites (decisions-*.int-spec: PSP-5, PSP-6, SIG-1). */

type Body<T> = T & ApiErrorDto;

export const AUTHORISE_REASONS =
  "la personne a cessé l'activité prostitutionnelle et s'engage dans le projet d'insertion construit avec l'association ;";

/** The app, today (Paris) and the demo secretariat, president, member and association. */
export async function startDecisionsApp(): Promise<
  { t: TestApp; today: string } & Record<'sec' | 'pres' | 'member' | 'asso', TestClient>
> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const today = parisDate(t.clock.now());
    const [sec, pres, member, asso] = await Promise.all([
      t.login(DEMO.secretariat),
      t.login(DEMO.president),
      t.login(DEMO.member),
      t.login(DEMO.association),
    ]);
    return { t, today, sec, pres, member, asso };
  });
}

/** The decision of a request: its url, its preparation by the secretariat, the text of its draft letter. */
export function decisionHelpers(suite: () => { t: TestApp; sec: TestClient }) {
  const decisionUrl = (r: PspRequestEntity) => `/psp-requests/${r.id}/decision`;
  const prepare = (r: PspRequestEntity, body: Record<string, unknown>) =>
    suite().sec.put<Body<DecisionDto>>(decisionUrl(r), body);
  const letter = async (r: PspRequestEntity) =>
    pdfWords(await downloadPdf(suite().t, suite().sec, `${decisionUrl(r)}/draft.pdf`));
  return { decisionUrl, prepare, letter };
}
