import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '@cdlp/migrations';
import type { SittingDto } from '@cdlp/shared';
import { runMigrations } from '../../src/bootstrap';
import { loadConfig } from '../../src/core/config/config';
import { JobScheduler, slotOf } from '../../src/core/jobs/job-scheduler';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { DemoSeeder } from '../../src/demo/demo-seed';
import { ok } from '../deliberation-fixtures';
import { addPolicyItem, convene, createSitting, dayFromNow, memberId, sittingBody } from '../sitting-fixtures';
import { adminUrl, createTestDatabase } from '../test-db';
import { TestSmtp } from '../smtp';
import { URGENT, bothClocks, closeTwoInstances, startTwoInstances } from '../instances';
import { DEMO, TestApp, TestClient, TestInstance, startInstance } from '../test-app';

/**
 * The national portal runs as several api instances behind a load balancer, on one
 * PostgreSQL database: two real instances (instances.ts) share a fresh test database; what
 * one instance does must hold on the other, and what must happen once (a job per slot, an
 * e-mail) must happen once whichever instances try.
 * Here: the jobs run once per slot and the start of instances (roles, migrations); the
 * sessions, the live pages and the outbox are multi-instance-sessions.int-spec's.
 */
describe('several api instances behind a load balancer, on one database', () => {
  let smtp: TestSmtp, a: TestApp, b: TestInstance;
  beforeAll(async () => ({ smtp, a, b } = await startTwoInstances()));
  afterAll(() => closeTwoInstances({ smtp, a, b }));
  const { setNow, advance } = bothClocks(() => ({ a, b }));

  describe('jobs run once per slot across instances', () => {
    const schedulers = () => [a.app.get(JobScheduler), b.app.get(JobScheduler)];
    /** Both instances tick at the same clock time, concurrently and repeatedly (three times each). */
    async function tickBoth(): Promise<string[]> {
      const [sa, sb] = schedulers();
      const ran = await Promise.all([sa.tick(), sb.tick(), sa.tick(), sb.tick(), sb.tick(), sa.tick()]);
      return ran.flat().sort();
    }
    async function jobRuns(job: string): Promise<{ slot: Date; instance: string; finished_at: Date | null; error: string | null }[]> {
      return a.ds.query(`SELECT slot, instance, finished_at, error FROM job_run WHERE job = $1 ORDER BY slot`, [job]);
    }
    let sitting: SittingDto;
    let unanswered: number;
    const reminders = async (): Promise<{ recipient: string }[]> =>
      a.ds.query(`SELECT recipient FROM outbox_message WHERE template = 'sitting-reminder' AND related_id = $1`, [sitting.id]);

    beforeAll(async () => {
      // 10:30 UTC, two days on: the next hours stay in the same UTC day (the daily job's slot).
      const base = new Date(a.clock.now().getTime() + 2 * 86_400_000);
      base.setUTCHours(10, 30, 0, 0);
      setNow(base);
      const sec = await a.login(DEMO.secretariat);
      // Two days ahead, in the morning: within the two days before the sitting (convocation.reminder_days).
      const day = dayFromNow(a, 2);
      sitting = await createSitting(sec, sittingBody('POLICY', day, { startsAtLocal: `${day}T09:00` }));
      await addPolicyItem(sec, sitting.id, 'Point sur la stratégie départementale');
      sitting = await convene(sec, sitting.id, URGENT);
      for (const k of ['ddets', 'ddfe']) {
        ok(await sec.post(`/sittings/${sitting.id}/attendance`, { memberId: await memberId(a, k), answer: 'PRESENT' }), `answer ${k}`);
      }
      const [{ n }]: { n: number }[] = await a.ds.query(
        `SELECT count(*)::int AS n FROM sitting_member WHERE sitting_id = $1 AND convened AND answer IS NULL`,
        [sitting.id],
      );
      unanswered = n;
      expect(unanswered).toBeGreaterThanOrEqual(15);
    });

    it('both instances ticking at the same time run each registered job exactly once in the hour slot (sitting reminders queued once)', async () => {
      const [sa, sb] = schedulers();
      const registered = [...sa.jobNames].sort();
      expect([...sb.jobNames].sort()).toEqual(registered);
      expect(registered).toEqual(expect.arrayContaining(['pathway-expiry-alerts', 'retention-purge', 'sitting-reminders']));

      expect(await tickBoth()).toEqual(registered);
      const slot = slotOf(a.clock.now(), 'hour');
      for (const job of registered) {
        const runs = await jobRuns(job);
        expect(runs).toHaveLength(1);
        expect(runs[0]).toMatchObject({ finished_at: expect.any(Date), error: null });
        if (job !== 'retention-purge') expect(runs[0].slot).toEqual(slot);
      }
      // The visible effect: one reminder to each member who has not answered, once.
      const queued = await reminders();
      expect(queued).toHaveLength(unanswered);
      expect(new Set(queued.map((r) => r.recipient)).size).toBe(unanswered);
      const audit: unknown[] = await a.ds.query(`SELECT 1 FROM audit_event WHERE action = 'sitting.reminders_sent' AND entity_id = $1`, [sitting.id]);
      expect(audit).toHaveLength(1);

      // Ticking again in the same slot runs nothing, on either instance.
      expect(await tickBoth()).toEqual([]);
      expect(await reminders()).toHaveLength(unanswered);
    });

    it('moving both clocks by one hour runs the hourly jobs once again (and the daily job only in the next day)', async () => {
      const [sa] = schedulers();
      const hourly = sa.jobNames.filter((j) => j !== 'retention-purge').sort();
      advance(3_600_000);
      expect(await tickBoth()).toEqual(hourly);
      expect(await tickBoth()).toEqual([]);
      for (const job of hourly) expect(await jobRuns(job)).toHaveLength(2);
      expect(await jobRuns('retention-purge')).toHaveLength(1);
      // The reminder itself is sent once per sitting, whatever the slot.
      expect(await reminders()).toHaveLength(unanswered);

      // 00:30 UTC the next day: a new day slot.
      advance(13 * 3_600_000);
      expect(await tickBoth()).toEqual([...sa.jobNames].sort());
      expect(await jobRuns('retention-purge')).toHaveLength(2);
    });

    it('a failing job keeps its error in job_run, is not retried in the same slot, and runs again in the next slot', async () => {
      let runs = 0;
      const probe = async (): Promise<void> => {
        runs++;
        if (runs === 1) throw new Error('Relais indisponible (essai)');
      };
      // Every instance registers the same jobs at start, as the real ones do.
      for (const s of schedulers()) s.register('probe-failing', 'hour', probe);
      advance(3_600_000);
      expect((await tickBoth()).filter((j) => j === 'probe-failing')).toEqual(['probe-failing']);
      expect(runs).toBe(1);
      const failed = await jobRuns('probe-failing');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ error: 'Relais indisponible (essai)', finished_at: expect.any(Date) });

      expect(await tickBoth()).toEqual([]);
      expect(runs).toBe(1);

      advance(3_600_000);
      expect((await tickBoth()).filter((j) => j === 'probe-failing')).toEqual(['probe-failing']);
      expect(runs).toBe(2);
      const after = await jobRuns('probe-failing');
      expect(after.map((r) => r.error)).toEqual(['Relais indisponible (essai)', null]);
    });
  });

  describe('starting instances: the database roles and the migrations', () => {
    it('TENANT-1: an instance connecting with DATABASE_APP_URL as a login role member of cdlp_app (the production setup) serves its users under row-level security', async () => {
      // The DBA's statement (README, « Instance nationale »), with a name of this test's own: roles belong to the cluster.
      const role = `cdlp_t_${randomBytes(4).toString('hex')}`;
      await a.ownerDs.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT IN ROLE cdlp_app`);
      const appUrl = new URL(a.db.url);
      appUrl.username = role;
      let c: TestInstance | null = null;
      try {
        c = await startInstance(a, { env: { DATABASE_APP_URL: appUrl.toString() } });
        const sec = new TestClient(c.baseUrl);
        ok(await sec.post('/auth/login', { email: DEMO.secretariat, password: DEMO_PASSWORD }), 'login as the login role');
        // The Vienne's sittings, and only them (the Deux-Sèvres have theirs).
        const sittings = await sec.get<{ total: number }>('/sittings');
        expect(sittings.status).toBe(200);
        const counts: { departement_code: string; n: number }[] = await a.ownerDs.query(
          `SELECT departement_code, count(*)::int AS n FROM sitting GROUP BY departement_code ORDER BY departement_code`,
        );
        expect(counts.map((x) => x.departement_code)).toEqual(['79', '86']);
        expect(sittings.body.total).toBe(counts.find((x) => x.departement_code === '86')?.n);
        const users: { usename: string }[] = await a.ownerDs.query(
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND usename = $1`,
          [role],
        );
        expect(users).toEqual([{ usename: role }]);
      } finally {
        await c?.close();
        await a.ownerDs.query(`DROP ROLE ${role}`);
      }
    });

    it('TENANT-1: the DBA’s setup of README « Instance nationale » works: migrations by a schema owner that is no superuser, the application as a login member of cdlp_app', async () => {
      const suffix = randomBytes(4).toString('hex');
      const [owner, login] = [`cdlp_t_owner_${suffix}`, `cdlp_t_portail_${suffix}`];
      const db = await createTestDatabase();
      const admin = new Client({ connectionString: adminUrl() });
      await admin.connect();
      let c: TestInstance | null = null;
      try {
        // The README's statements (cdlp_app exists already: roles belong to the whole cluster).
        await admin.query(`CREATE ROLE ${owner} LOGIN`);
        await admin.query(`ALTER DATABASE ${db.name} OWNER TO ${owner}`);
        await admin.query(`CREATE ROLE ${login} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT IN ROLE cdlp_app`);
        const inDb = new Client({ connectionString: db.url });
        await inDb.connect();
        await inDb.query(`ALTER SCHEMA public OWNER TO ${owner}`).finally(() => inDb.end());
        const url = (user: string) => Object.assign(new URL(db.url), { username: user }).toString();

        const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url(owner), DEMO_MODE: 'true', LOG_LEVEL: 'silent' });
        expect(await runMigrations(config)).toHaveLength(MIGRATIONS.length);
        c = await startInstance({ db: { url: url(owner) }, clock: a.clock }, { env: { DATABASE_APP_URL: url(login) } });
        await c.app.get(DemoSeeder).seed();
        const sec79 = new TestClient(c.baseUrl);
        ok(await sec79.post('/auth/login', { email: 'secretariat.79@demo.cdlp.fr', password: DEMO_PASSWORD }), 'login');
        const members = await sec79.get<{ items: { email: string }[] }>('/members?pageSize=100');
        expect(members.status).toBe(200);
        expect(members.body.items.length).toBeGreaterThan(0);
        expect(members.body.items.every((m) => m.email.includes('.79@'))).toBe(true);
      } finally {
        await c?.close();
        await db.drop();
        await admin.query(`DROP ROLE IF EXISTS ${login}`);
        await admin.query(`DROP ROLE IF EXISTS ${owner}`);
        await admin.end();
      }
    });

    it('TENANT-1: an instance whose DATABASE_APP_URL would bypass row-level security (the schema owner) refuses to start at once, naming the role', async () => {
      const owner = new URL(a.db.url).username;
      await expect(startInstance(a, { env: { DATABASE_APP_URL: a.db.url } })).rejects.toThrow(
        `La connexion de l'application (rôle « ${owner} ») contourne la sécurité au niveau des lignes`,
      );
    });

    it('instances that run the migrations at the same start on a fresh database are safe: one applies them, the others wait and find none pending', async () => {
      const db = await createTestDatabase();
      try {
        const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, DEMO_MODE: 'true', LOG_LEVEL: 'silent' });
        const applied = await Promise.all([runMigrations(config), runMigrations(config), runMigrations(config)]);
        const names = MIGRATIONS.map((M) => new M().name);
        expect(applied.map((x) => x.length).sort((x, y) => x - y)).toEqual([0, 0, names.length]);
        expect(applied.find((x) => x.length > 0)).toEqual(names);
        const check = new Client({ connectionString: db.url });
        await check.connect();
        try {
          const rows = await check.query<{ name: string; n: number }>(
            `SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name ORDER BY name`,
          );
          expect(rows.rows.map((r) => r.name).sort()).toEqual([...names].sort());
          expect(rows.rows.every((r) => r.n === 1)).toBe(true);
        } finally {
          await check.end();
        }
      } finally {
        await db.drop();
      }
    });
  });
});
