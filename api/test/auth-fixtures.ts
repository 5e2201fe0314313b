import { DEMO, TestApp, TestClient, startTestApp } from './test-app';

/** Helpers of the authentication suites (auth-*.int-spec). */

export interface ErrorBody {
  statusCode: number;
  message: string;
  errors?: { field: string; message: string }[];
  requestId?: string;
}

/** The administrator's session and logins in a fresh browser, on the suite's app. */
export function authHelpers(app: () => TestApp) {
  let admin: TestClient | undefined;

  /** The admin session is refreshed when a test moved the clock past its idle timeout. */
  async function asAdmin(): Promise<TestClient> {
    if (!admin || (await admin.get('/auth/me')).status !== 200) admin = await app().login(DEMO.admin);
    return admin;
  }

  async function loginAs(email: string, password: string): Promise<{ client: TestClient; status: number; body: ErrorBody }> {
    const client = app().anon();
    const r = await client.post<ErrorBody>('/auth/login', { email, password });
    return { client, status: r.status, body: r.body };
  }

  return { asAdmin, loginAs };
}

/**
 * Starts the suite's app before its tests (handing it to `set`) and closes it after them;
 * returns the helpers on that app.
 */
export function authSuite(set: (t: TestApp) => void) {
  let app: TestApp | undefined;
  beforeAll(async () => set((app = await startTestApp())));
  afterAll(() => app?.close());
  return authHelpers(() => app as TestApp);
}

/** The answers the suites expect. */
export const BAD_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';
export const SESSION_EXPIRED = 'Votre session a expiré ou vous n’êtes pas connecté. Veuillez vous connecter.';
export const CSRF_REFUSED = 'Jeton anti-falsification (CSRF) absent ou invalide. Rechargez la page.';
export const MINUTE = 60_000;
