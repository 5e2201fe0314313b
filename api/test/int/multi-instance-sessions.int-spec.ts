import type { SittingDto } from '@cdlp/shared';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { castBallot, deliberation, itemOf, ok, setParisNow } from '../deliberation-fixtures';
import { addPolicyItem, convene, createSitting, dayFromNow, memberId, sittingBody } from '../sitting-fixtures';
import { SseStream } from '../sse';
import { TestSmtp, decodeWords, parseMail } from '../smtp';
import { URGENT, bothClocks, closeTwoInstances, startTwoInstances } from '../instances';
import { DEMO, TestApp, TestClient, TestInstance } from '../test-app';

/**
 * The national portal runs as several api instances behind a load balancer, on one
 * PostgreSQL database: two real instances (instances.ts) share a fresh test database; what
 * one instance does must hold on the other, and what must happen once (a job per slot, an
 * e-mail) must happen once whichever instances try.
 * Here: the sessions, the live sitting pages and the outbox; the jobs and the start of
 * instances are multi-instance-jobs.int-spec's.
 */
describe('several api instances behind a load balancer, on one database', () => {
  let smtp: TestSmtp, a: TestApp, b: TestInstance;
  beforeAll(async () => ({ smtp, a, b } = await startTwoInstances()));
  afterAll(() => closeTwoInstances({ smtp, a, b }));
  const { setNow } = bothClocks(() => ({ a, b }));
  const streams: SseStream[] = [];

  afterEach(() => {
    while (streams.length) streams.pop()?.close();
  });

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
});
