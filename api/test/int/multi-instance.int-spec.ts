import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS } from '@cdlp/migrations';
import type { SittingDto } from '@cdlp/shared';
import { runMigrations } from '../../src/bootstrap';
import { loadConfig } from '../../src/core/config/config';
import { JobScheduler, slotOf } from '../../src/core/jobs/job-scheduler';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { DemoSeeder } from '../../src/demo/demo-seed';
import { castBallot, deliberation, itemOf, ok, setParisNow } from '../deliberation-fixtures';
import { addPolicyItem, convene, createSitting, dayFromNow, memberId, sittingBody } from '../sitting-fixtures';
import { TestSmtp, decodeWords, parseMail, startSmtp } from '../smtp';
import { SseStream } from '../sse';
import { adminUrl, createTestDatabase } from '../test-db';
import { DEMO, TestApp, TestClient, TestInstance, startInstance, startTestApp } from '../test-app';

const URGENT = { urgent: true, urgencyReason: 'Séance rapprochée pour les essais à plusieurs instances' };

/**
 * The national portal runs as several api instances behind a load balancer, on one
 * PostgreSQL database. Two real instances (two Nest applications, each with its own Clock,
 * connection pools, LISTEN connection, outbox worker and job scheduler) share a fresh test
 * database; what one instance does must hold on the other, and what must happen once
 * (a job per slot, an e-mail) must happen once whichever instances try.
 */
describe('several api instances behind a load balancer, on one database', () => {
  let smtp: TestSmtp;
  let a: TestApp;
  let b: TestInstance;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` };
    a = await startTestApp({ env });
    b = await startInstance(a, { env });
  });

  afterEach(() => {
    while (streams.length) streams.pop()?.close();
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await smtp?.stop();
  });

  /** Both servers show the same time; each has its own clock. */
  function setNow(instant: Date): void {
    a.clock.setNow(instant);
    b.clock.setNow(instant);
  }
  function advance(ms: number): void {
    a.clock.advance(ms);
    b.clock.advance(ms);
  }
  /** The client of a browser logged in on instance A, sending its requests to B. */
  const onB = (c: TestClient) => b.sameBrowser(c);
  async function open(baseUrl: string, c: TestClient, sittingId: string): Promise<SseStream> {
    const s = await SseStream.open(baseUrl, `/sittings/${sittingId}/events`, c);
    streams.push(s);
    expect(s.status).toBe(200);
    return s;
  }

  describe('sessions live in PostgreSQL', () => {
    it('a session opened by a login on instance A is valid on instance B, for reads and for CSRF-protected writes', async () => {
      const secA = await a.login(DEMO.secretariat);
      const secB = onB(secA);
      const me = await secB.get<{ email: string }>('/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(DEMO.secretariat);
      // The CSRF token of the session is checked by B against the same row.
      const created = await secB.post<SittingDto>('/sittings', sittingBody('POLICY', dayFromNow(a, 60)));
      expect(created.status).toBe(201);
      expect((await secA.get<SittingDto>(`/sittings/${created.body.id}`)).status).toBe(200);
    });

    it('a logout on instance A is refused on instance B at once (401): no instance keeps a session in memory', async () => {
      const memberA = await a.login(DEMO.member);
      // The cookie as it was before the logout (a copied cookie, another tab): B must refuse it.
      const copied = new TestClient(b.baseUrl, { ...memberA.cookies });
      expect((await copied.get('/auth/me')).status).toBe(200);
      expect((await memberA.post('/auth/logout')).status).toBe(200);
      const refused = await copied.get<{ message: string }>('/auth/me');
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('Votre session a expiré ou vous n’êtes pas connecté. Veuillez vous connecter.');
      expect((await new TestClient(a.baseUrl, { ...copied.cookies }).get('/auth/me')).status).toBe(401);
    });
  });

  describe('live sitting pages through LISTEN/NOTIFY (QUOR-1, VOTE-1)', () => {
    let secA: TestClient;
    let presA: TestClient;
    let marcA: TestClient;
    let secB: TestClient;
    let sitting: SittingDto;
    let item: string;
    const id: Record<string, string> = {};

    beforeAll(async () => {
      // The sitting is held tomorrow at 18:00; the day starts at 08:00 (clocks moved before any login).
      const day = dayFromNow(a, 1);
      setNow(setParisNow(a, `${day}T08:00`));
      for (const k of ['prefet', 'magistrat', 'ddfe', 'ddets', 'dipn', 'pj', 'gendarmerie', 'etrangers', 'travail']) {
        id[k] = await memberId(a, k);
      }
      [secA, presA, marcA] = await Promise.all([a.login(DEMO.secretariat), a.login(DEMO.president), a.login(DEMO.member)]);
      secB = new TestClient(b.baseUrl);
      ok(await secB.post('/auth/login', { email: DEMO.secretariat, password: DEMO_PASSWORD }), 'login on B');
      sitting = await createSitting(secA, sittingBody('POLICY', day, { startsAtLocal: `${day}T18:00` }));
      sitting = await addPolicyItem(secA, sitting.id, 'Bilan annuel des parcours de sortie');
      item = sitting.agenda[0].id;
      sitting = await convene(secA, sitting.id, URGENT);
      // 8 of the 9 members the quorum needs (17 seats, QUOR-1).
      for (const k of ['prefet', 'magistrat', 'ddfe', 'ddets', 'dipn', 'pj', 'gendarmerie', 'etrangers']) {
        ok(await secA.post(`/sittings/${sitting.id}/attendance`, { memberId: id[k], answer: 'PRESENT' }), `answer ${k}`);
      }
    });

    it('QUOR-1: an attendance answer recorded on instance B reaches the live page opened on instance A, with the quorum reached', async () => {
      const stream = await open(a.baseUrl, marcA, sitting.id);
      const first = await stream.nextSitting();
      expect(first?.quorum).toMatchObject({ counted: 8, reached: false });
      ok(await secB.post(`/sittings/${sitting.id}/attendance`, { memberId: id['travail'], answer: 'PRESENT' }), 'answer on B');
      const next = await stream.until((s) => s.quorum.counted === 9, 2000);
      expect(next.quorum).toMatchObject({ rule: 'QUOR-1', counted: 9, reached: true });
      expect(next.members.find((m) => m.memberId === id['travail'])?.answer).toBe('PRESENT');
    });

    it('QUOR-1: a change made while instance B had lost its LISTEN connection still reaches B’s open streams once B is listening again', async () => {
      const stream = await open(b.baseUrl, secB, sitting.id);
      const before = await stream.nextSitting();
      expect(before?.members.find((m) => m.memberId === id['magistrat'])?.answer).toBe('PRESENT');
      // The database drops B's LISTEN connection (a restart, a failover); B reconnects a second later.
      const killed: { pid: number }[] = await a.ownerDs.query(
        `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity
          WHERE datname = current_database() AND query = 'LISTEN sitting_events' AND pid <> pg_backend_pid()`,
      );
      expect(killed).toHaveLength(2);
      // Both instances lost theirs: the change on A is notified to nobody.
      ok(await secA.post(`/sittings/${sitting.id}/attendance`, { memberId: id['magistrat'], answer: 'REMOTE' }), 'answer while nobody listens');
      const after = await stream.until((s) => s.members.find((m) => m.memberId === id['magistrat'])?.answer === 'REMOTE', 5000);
      expect(after.quorum).toMatchObject({ counted: before?.quorum.counted, remote: (before?.quorum.remote ?? 0) + 1 });
    });

    it('VOTE-1: a ballot cast on instance A updates the live page opened on instance B (a new snapshot, then the vote progress)', async () => {
      ok(await presA.post(`/sittings/${sitting.id}/open`), 'open the sitting');
      ok(await presA.post(`/sittings/${sitting.id}/items/${item}/vote/open`), 'open the vote');
      const stream = await open(b.baseUrl, secB, sitting.id);
      expect((await stream.nextSitting())?.state).toBe('OPEN');
      expect(itemOf(await deliberation(secB, sitting.id), item)).toMatchObject({ voteState: 'OPEN', votedCount: 0 });
      // Snapshots of the earlier changes may still be arriving: let them pass, so that the next
      // one can only come from the ballot.
      while (await stream.nextSitting(300));

      ok(await castBallot(marcA, sitting.id, item, 'FAVOURABLE'), 'ballot on A');
      // The web page reloads the deliberation on each snapshot: what it then shows on B.
      expect(await stream.nextSitting(2000)).toMatchObject({ id: sitting.id, state: 'OPEN' });
      const progress = itemOf(await deliberation(secB, sitting.id), item);
      expect(progress.votedCount).toBe(1);
      expect(progress.voters?.map((v) => v.memberId)).toEqual([id['ddets']]);
      expect(progress.notVoted?.map((n) => n.memberId)).not.toContain(id['ddets']);
    });
  });

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

  describe('the outbox sends each message once across instances', () => {
    beforeAll(async () => {
      // A test-only witness of every UPDATE that marks a message SENT (written by whichever instance does it).
      await a.ownerDs.query(`CREATE TABLE test_sent_mark (message_id uuid NOT NULL, marked_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
      await a.ownerDs.query(`GRANT INSERT ON test_sent_mark TO cdlp_app`);
      await a.ownerDs.query(`
        CREATE FUNCTION test_sent_mark() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO test_sent_mark (message_id) VALUES (NEW.id); RETURN NEW; END $$`);
      await a.ownerDs.query(`
        CREATE TRIGGER test_sent_mark AFTER UPDATE ON outbox_message FOR EACH ROW WHEN (NEW.status = 'SENT')
        EXECUTE FUNCTION test_sent_mark()`);
    });

    it('CONV-1: convocations of both départements (86 on A, 79 on B), run by both workers concurrently, reach the SMTP server exactly once each and are marked SENT once, with their département’s sender name', async () => {
      const day = dayFromNow(a, 10);
      const sec86 = await a.login(DEMO.secretariat);
      const sec79 = new TestClient(b.baseUrl);
      ok(await sec79.post('/auth/login', { email: 'secretariat.79@demo.cdlp.fr', password: DEMO_PASSWORD }), 'login 79 on B');
      const convened: SittingDto[] = [];
      for (const sec of [sec86, sec79]) {
        let s = await createSitting(sec, sittingBody('POLICY', day));
        s = await addPolicyItem(sec, s.id, 'Calendrier des séances');
        convened.push(await convene(sec, s.id, URGENT));
      }
      // Everything queued so far leaves now: the convocations, the reminders, the demo's own mail.
      const queued: { id: string; departement_code: string | null }[] = await a.ownerDs.query(
        `SELECT id, departement_code FROM outbox_message WHERE status = 'QUEUED' ORDER BY id`,
      );
      const convocations = queued.filter((q) => q.departement_code !== null);
      expect(convocations.filter((q) => q.departement_code === '86').length).toBeGreaterThanOrEqual(20);
      expect(convocations.filter((q) => q.departement_code === '79').length).toBeGreaterThanOrEqual(17);
      expect(queued.length).toBeGreaterThan(40);

      const [wa, wb] = [a.app.get(OutboxWorker), b.app.get(OutboxWorker)];
      let sent = 0;
      for (let round = 0; round < 20; round++) {
        const n = await Promise.all([wa.processDue(), wb.processDue(), wa.processDue(), wb.processDue()]);
        sent += n.reduce((x, y) => x + y, 0);
        const [{ left }]: { left: number }[] = await a.ownerDs.query(`SELECT count(*)::int AS left FROM outbox_message WHERE status <> 'SENT'`);
        if (left === 0) break;
      }
      expect(sent).toBe(queued.length);

      // At the SMTP server: every message once, and nothing else.
      const byId = new Map<string, number>();
      for (const m of smtp.mails) {
        const id = parseMail(m.raw).headers.get('x-cdlp-message-id') ?? '';
        byId.set(id, (byId.get(id) ?? 0) + 1);
      }
      expect([...byId.keys()].sort()).toEqual(queued.map((q) => q.id));
      expect([...byId.values()].every((n) => n === 1)).toBe(true);

      // In the database: each row SENT, by a single UPDATE, on its first attempt.
      const rows: { id: string; status: string; attempts: number }[] = await a.ownerDs.query(
        `SELECT id, status, attempts FROM outbox_message WHERE id = ANY($1::uuid[])`,
        [queued.map((q) => q.id)],
      );
      expect(rows.every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
      const marks: { message_id: string; n: number }[] = await a.ownerDs.query(
        `SELECT message_id, count(*)::int AS n FROM test_sent_mark GROUP BY message_id`,
      );
      expect(marks).toHaveLength(queued.length);
      expect(marks.every((m) => m.n === 1)).toBe(true);

      // Each département's mail carries its commission's name, with the one sending address.
      const dep = new Map(queued.map((q) => [q.id, q.departement_code]));
      const expectedFrom: Record<string, string> = {
        '86': 'CDLP de la Vienne <ne-pas-repondre@cdlp.localhost>',
        '79': 'CDLP des Deux-Sèvres <ne-pas-repondre@cdlp.localhost>',
      };
      const fromOf = (raw: string) => decodeWords(parseMail(raw).headers.get('from') ?? '').replace(/"/g, '');
      const senders = smtp.mails.map((m) => {
        const code = dep.get(parseMail(m.raw).headers.get('x-cdlp-message-id') ?? '') ?? null;
        return { code, envelope: m.from, from: fromOf(m.raw) };
      });
      expect(senders.filter((x) => x.envelope !== 'ne-pas-repondre@cdlp.localhost')).toEqual([]);
      expect(senders.filter((x) => x.code && x.from !== expectedFrom[x.code])).toEqual([]);
      expect(senders.filter((x) => x.code === '86').length).toBeGreaterThanOrEqual(20);
      expect(senders.filter((x) => x.code === '79').length).toBeGreaterThanOrEqual(17);
      const convocationIds = new Set(
        (await a.ownerDs.query(`SELECT id FROM outbox_message WHERE related_id = ANY($1)`, [convened.map((s) => s.id)]) as { id: string }[]).map((r) => r.id),
      );
      expect(convocationIds.size).toBeGreaterThanOrEqual(37);
      expect([...convocationIds].every((cid) => byId.get(cid) === 1)).toBe(true);
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

