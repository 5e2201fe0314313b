import type { SittingDto } from '@cdlp/shared';
import { SittingBody, convene, createSitting, dayFromNow, memberId, sittingBody } from './sitting-fixtures';
import { DEMO, HttpResult, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** Helpers of the attendance suites (attendance-*.int-spec: MAND-1, MEMB-1, QUOR-1, QUOR-2, REM-2, REM-3). */

export const answer = (c: TestClient, sittingId: string, body: Record<string, unknown>) => c.post<SittingBody>(`/sittings/${sittingId}/attendance`, body);
export const expectOk = (r: HttpResult<SittingBody>): SittingDto => {
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
export const get = async (c: TestClient, sittingId: string) => expectOk(await c.get<SittingBody>(`/sittings/${sittingId}`));

/**
 * The app, the demo secretariat, member and association, the demo member ids by the key of
 * their e-mail, and A: a PSP-only examination sitting (the demo's complete requests), convened.
 */
export async function startAttendanceApp(): Promise<
  { t: TestApp; id: Record<string, string>; a: SittingDto } & Record<'sec' | 'member' | 'asso', TestClient>
> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const id: Record<string, string> = {};
    const [sec, member, asso] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.member), t.login(DEMO.association)]);
    const keys = ['prefet', 'magistrat', 'ddfe', 'ddets', 'ddets-s', 'dipn', 'pj', 'gendarmerie', 'gendarmerie-s', 'etrangers', 'travail', 'education', 'ars', 'elue', 'elue-s', 'medecin', 'asso1', 'asso2', 'ase', 'pcd'];
    for (const k of keys) id[k] = await memberId(t, k);
    let a = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 10)));
    expect(a.agenda).toHaveLength(3);
    a = await convene(sec, a.id);
    return { t, sec, member, asso, id, a };
  });
}
