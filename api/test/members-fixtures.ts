import { count, lastAuditId } from './fixtures';
import { DEMO, TestApp, TestClient, setUpOn, startTestApp } from './test-app';

/** Helpers of the members registry suites (members-*.int-spec). */

export interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
}

/** The app, the demo secretariat, and the ids of the demo members by last name. */
export async function startMembersApp(): Promise<{ t: TestApp; sec: TestClient; ids: Map<string, string> }> {
  const t = await startTestApp();
  return setUpOn(t, async () => {
    const sec = await t.login(DEMO.secretariat);
    const ids = new Map<string, string>();
    const rows: { id: string; last_name: string }[] = await t.ds.query(`SELECT id, last_name FROM member`);
    for (const r of rows) ids.set(r.last_name, r.id);
    return { t, sec, ids };
  });
}

/** The check "a 400 that names the given fields, and nothing was written", on the suite's app. */
export function refusalCheck(app: () => TestApp) {
  /** Expects a 400 that names the given fields, and that nothing was written. */
  return async function expectRefused(
    call: () => Promise<{ status: number; body: unknown }>,
    fields: Record<string, string>,
  ): Promise<ErrorBody> {
    const t = app();
    const members = await count(t, 'member');
    const audit = await lastAuditId(t);
    const r = await call();
    expect(r.status).toBe(400);
    const body = r.body as ErrorBody;
    for (const [field, message] of Object.entries(fields)) {
      expect(body.errors).toContainEqual({ field, message });
    }
    expect(await count(t, 'member')).toBe(members);
    expect(await lastAuditId(t)).toBe(audit);
    return body;
  };
}
