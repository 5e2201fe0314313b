import { HealthDto } from '@cdlp/shared';
import { TestApp, startTestApp } from '../test-app';

describe('health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seedDemo: false });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 200 {status: "ok"} without authentication when the database answers', async () => {
    const r = await t.anon().get<HealthDto>('/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers 503 {status: "error"} when the database is gone, without leaking the cause', async () => {
    // Dropping the database (WITH FORCE) ends the app's connections and makes new ones fail.
    await t.db.drop();
    const r = await t.anon().get<HealthDto>('/health');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'error' });
    // And it keeps answering (no crash, no hang) on the next call.
    const again = await t.anon().get<HealthDto>('/health');
    expect(again.status).toBe(503);
  });
});
