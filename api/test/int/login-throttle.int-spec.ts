import { MIGRATIONS } from '@cdlp/migrations';
import { TestApp, TestInstance, startInstance, startTestApp } from '../test-app';

const LOGIN_REFUSED = 'Trop de tentatives de connexion. Patientez une minute avant de réessayer.';
const RESET_REFUSED = 'Trop de demandes. Patientez une minute avant de réessayer.';

interface ErrorBody {
  statusCode: number;
  message: string;
}

/**
 * The login limit (LOGIN_RATE_PER_MINUTE) holds across api instances: the portal runs as
 * several instances behind a load balancer, and the counters live in PostgreSQL
 * (login_throttle), not in one instance's memory.
 */
describe('login rate limit shared by several api instances', () => {
  let a: TestApp;
  let b: TestInstance;

  beforeAll(async () => {
    a = await startTestApp({ seedDemo: false, env: { LOGIN_RATE_PER_MINUTE: '3' } });
    // A second instance of the api on the same database, as behind a load balancer.
    b = await startInstance(a, { env: { LOGIN_RATE_PER_MINUTE: '3' } });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Both instances see the same time (each has its own clock, as each server has). */
  function advance(ms: number): void {
    a.clock.advance(ms);
    b.clock.advance(ms);
  }

  it('counts the attempts made on either instance against one limit, then refuses on both with 429 and a French message', async () => {
    const body = { email: 'partage@example.fr', password: 'mauvais-mot-de-passe' };
    expect((await a.anon().post('/auth/login', body)).status).toBe(401);
    expect((await b.anon().post('/auth/login', body)).status).toBe(401);
    expect((await a.anon().post('/auth/login', body)).status).toBe(401);
    for (const instance of [b, a]) {
      const c = instance.anon();
      const refused = await c.post<ErrorBody>('/auth/login', body);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ statusCode: 429, message: LOGIN_REFUSED });
    }
    // The limit is per address: another e-mail from the same address is refused too; after a minute, it is heard again.
    expect((await b.anon().post('/auth/login', { ...body, email: 'autre@example.fr' })).status).toBe(429);
    advance(61_000);
    expect((await b.anon().post('/auth/login', body)).status).toBe(401);
  });

  it('lets exactly LOGIN_RATE_PER_MINUTE of many simultaneous attempts through, spread over both instances', async () => {
    advance(61_000);
    const body = { email: 'rafale@example.fr', password: 'mauvais-mot-de-passe' };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).anon().post<ErrorBody>('/auth/login', body)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('limits password-reset requests apart from logins, with its own message', async () => {
    advance(61_000);
    const email = 'reinitialisation@example.fr';
    for (let i = 0; i < 3; i++)
      expect((await (i % 2 ? a : b).anon().post('/auth/password-reset/request', { email })).status).toBe(202);
    const refused = await a.anon().post<ErrorBody>('/auth/password-reset/request', { email });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe(RESET_REFUSED);
    // The logins of that address are still open.
    expect((await b.anon().post('/auth/login', { email, password: 'mauvais-mot-de-passe' })).status).toBe(401);
  });

  it('stores only hashes: the client address does not appear in login_throttle', async () => {
    const rows: { key: string; throttler: string; relpersistence: string }[] = await a.ds.query(
      `SELECT t.key, t.throttler, c.relpersistence FROM login_throttle t, pg_class c WHERE c.relname = 'login_throttle'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.key).toMatch(/^[0-9a-f]{64}$/);
      expect(r.throttler).toBe('login');
      // UNLOGGED: counters need no crash safety.
      expect(r.relpersistence).toBe('u');
    }
  });

  it('the migration goes down and up again', async () => {
    const Migration = MIGRATIONS.find((m) => m.name === 'LoginThrottle1765300000000');
    if (!Migration) throw new Error('migration LoginThrottle1765300000000 not listed');
    const migration = new Migration();
    const q = a.ownerDs.createQueryRunner();
    try {
      await migration.down(q);
      expect(await q.hasTable('login_throttle')).toBe(false);
      await migration.up(q);
      expect(await q.hasTable('login_throttle')).toBe(true);
    } finally {
      await q.release();
    }
    expect((await a.anon().post('/auth/login', { email: 'apres@example.fr', password: 'x' })).status).toBe(401);
  });
});
