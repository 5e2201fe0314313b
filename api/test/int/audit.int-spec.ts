import { AuditEventDto, AuditVerificationDto, MemberDto, PageDto } from '@cdlp/shared';
import { runCli } from '../../src/cli/cli';
import { verifyAuditChain } from '../../src/core/audit/audit.service';
import { count, lastAuditId, memberBody } from '../fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { rawClient } from '../test-db';

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

describe('audit trail', () => {
  let t: TestApp;
  let secretariat: TestClient;
  let president: TestClient;
  let secretariatId: string;

  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await t.login(DEMO.secretariat);
    president = await t.login(DEMO.president);
    const rows: { id: string }[] = await t.ds.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO.secretariat]);
    secretariatId = rows[0].id;
  });

  afterAll(async () => {
    await t.close();
  });

  async function rowsFor(entityId: string): Promise<AuditRow[]> {
    return t.ds.query(`SELECT * FROM audit_event WHERE entity_id = $1 ORDER BY id`, [entityId]);
  }

  /** Runs SQL as a DBA would, with the append-only triggers switched off for the session. */
  async function asDba(sql: string, params: unknown[] = []): Promise<void> {
    const c = await rawClient(t.db.url);
    try {
      await c.query('SET session_replication_role = replica');
      await c.query(sql, params);
    } finally {
      await c.end();
    }
  }

  async function verify(): Promise<AuditVerificationDto> {
    const r = await president.get<AuditVerificationDto>('/audit/verify');
    expect(r.status).toBe(200);
    return r.body;
  }

  async function cli(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, t.config, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  describe('what is recorded', () => {
    it('records a state change with the actor, the role and the request id sent back in x-request-id', async () => {
      const body = memberBody({ lastName: 'Auditée', email: 'auditee@example.fr' });
      const r = await secretariat.post<MemberDto>('/members', body);
      expect(r.status).toBe(201);
      const requestId = r.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const rows = await rowsFor(r.body.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'member.created',
        entity_type: 'member',
        entity_id: r.body.id,
        actor_user_id: secretariatId,
        actor_role: 'SECRETARIAT',
        request_id: requestId,
      });
      // Never personal data in the trail.
      const details = JSON.stringify(rows[0].details);
      expect(details).not.toContain('auditee@example.fr');
      expect(details).not.toContain('Auditée');
    });

    it('keeps a sane x-request-id sent by the client, and replaces an unsafe one', async () => {
      const mine = 'trace-0123456789abcdef';
      const r = await secretariat.request<MemberDto>('POST', '/members', memberBody(), { headers: { 'x-request-id': mine } });
      expect(r.status).toBe(201);
      expect(r.headers.get('x-request-id')).toBe(mine);
      expect((await rowsFor(r.body.id))[0].request_id).toBe(mine);

      const bad = await secretariat.request<MemberDto>('POST', '/members', memberBody(), {
        headers: { 'x-request-id': 'inject ; drop table' },
      });
      expect(bad.status).toBe(201);
      const replaced = bad.headers.get('x-request-id');
      expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
      expect((await rowsFor(bad.body.id))[0].request_id).toBe(replaced);
    });

    it('records every step of a record with its own request id: update and end of mandate', async () => {
      const created = await secretariat.post<MemberDto>('/members', memberBody());
      const updated = await secretariat.put<MemberDto>(`/members/${created.body.id}`, memberBody({ function: 'Directrice' }));
      expect(updated.status).toBe(200);
      const ended = await secretariat.post<MemberDto>(`/members/${created.body.id}/end`, { endDate: '2026-06-30', reason: 'Mutation' });
      expect(ended.status).toBe(200);
      const rows = await rowsFor(created.body.id);
      expect(rows.map((r) => r.action)).toEqual(['member.created', 'member.updated', 'member.mandate_ended']);
      expect(rows.map((r) => r.request_id)).toEqual([
        created.headers.get('x-request-id'),
        updated.headers.get('x-request-id'),
        ended.headers.get('x-request-id'),
      ]);
      expect(rows.every((r) => r.actor_user_id === secretariatId && r.actor_role === 'SECRETARIAT')).toBe(true);
      expect(rows[2].details).toEqual({ endDate: '2026-06-30' });
    });

    it('records logins and failed logins with their request id', async () => {
      const c = t.anon();
      const ok = await c.post('/auth/login', { email: DEMO.member, password: 'Demo-CDLP-2026!' });
      const rows: AuditRow[] = await t.ds.query(`SELECT * FROM audit_event WHERE request_id = $1`, [ok.headers.get('x-request-id')]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'auth.login', entity_type: 'user', actor_role: 'MEMBER' });

      const bad = await c.post('/auth/login', { email: DEMO.member, password: 'mauvais-mot-de-passe' });
      expect(bad.status).toBe(401);
      const failed: AuditRow[] = await t.ds.query(`SELECT * FROM audit_event WHERE request_id = $1`, [bad.headers.get('x-request-id')]);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ action: 'auth.login_failed', actor_user_id: null });
      // The error body carries the same request id.
      expect((bad.body as { requestId: string }).requestId).toBe(bad.headers.get('x-request-id'));
    });

    it('writes no audit row when a change is refused', async () => {
      const before = await lastAuditId(t);
      const r = await secretariat.post('/members', memberBody({ termStart: '01/02/2026' }));
      expect(r.status).toBe(400);
      expect(await lastAuditId(t)).toBe(before);
    });

    it('lists the trail, newest first, for the roles allowed to read it', async () => {
      const r = await president.get<PageDto<AuditEventDto>>('/audit?pageSize=5');
      expect(r.status).toBe(200);
      expect(r.body.items).toHaveLength(5);
      expect(r.body.total).toBe(await count(t, 'audit_event'));
      const ids = r.body.items.map((e) => Number(e.id));
      expect([...ids].sort((a, b) => b - a)).toEqual(ids);
      expect(r.body.items[0]).toEqual(
        expect.objectContaining({ action: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      );
    });
  });

  describe('integrity', () => {
    it('the chain verifies, and the verification is itself recorded', async () => {
      const n = await count(t, 'audit_event');
      const v = await verify();
      expect(v).toEqual({ ok: true, checked: n, firstBrokenId: null, reason: null });
      const last: AuditRow[] = await t.ds.query(`SELECT * FROM audit_event ORDER BY id DESC LIMIT 1`);
      expect(last[0]).toMatchObject({ action: 'audit.verified', actor_role: 'PRESIDENT', details: { ok: true } });
    });

    it('verifies in batches: the result does not depend on the batch size', async () => {
      const n = await count(t, 'audit_event');
      expect(n).toBeGreaterThan(10);
      for (const size of [1, 3, 7, 5000]) {
        expect(await verifyAuditChain(t.ds.manager, size)).toEqual({ ok: true, checked: n, firstBrokenId: null, reason: null });
      }
    });

    it("each row links to the previous row's hash", async () => {
      const rows: AuditRow[] = await t.ds.query(`SELECT id::text AS id, prev_hash, hash FROM audit_event ORDER BY audit_event.id`);
      expect(rows[0].prev_hash).toBe('0'.repeat(64));
      for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    });

    it.each([
      ['UPDATE', `UPDATE audit_event SET action = 'x' WHERE id = (SELECT min(id) FROM audit_event)`],
      ['DELETE', `DELETE FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)`],
      ['TRUNCATE', `TRUNCATE audit_event`],
    ])("the database refuses %s on audit_event for the app's connection (no privilege), and for the owner (trigger)", async (_op, sql) => {
      const before: AuditRow[] = await t.ds.query(`SELECT * FROM audit_event ORDER BY audit_event.id`);
      await expect(t.ds.query(sql)).rejects.toThrow(/permission denied for table audit_event/);
      await expect(t.ownerDs.query(sql)).rejects.toThrow(/audit_event is append-only/);
      const after: AuditRow[] = await t.ds.query(`SELECT * FROM audit_event ORDER BY audit_event.id`);
      expect(after).toEqual(before);
    });

    it('detects a row modified by a DBA bypassing the triggers, and names exactly that row', async () => {
      const all: AuditRow[] = await t.ds.query(`SELECT id::text AS id, action FROM audit_event ORDER BY audit_event.id`);
      expect(all.length).toBeGreaterThan(6);
      const target = all[Math.floor(all.length / 2)];
      const position = all.findIndex((r) => r.id === target.id);

      await asDba(`UPDATE audit_event SET action = 'x' WHERE id = $1`, [target.id]);
      const v = await verify();
      expect(v).toEqual({ ok: false, checked: position, firstBrokenId: target.id, reason: 'Le contenu de la ligne a été modifié.' });

      // Putting the content back restores the chain.
      await asDba(`UPDATE audit_event SET action = $2 WHERE id = $1`, [target.id, target.action]);
      expect((await verify()).ok).toBe(true);
    });

    it('detects a change in the details of a row', async () => {
      const rows: AuditRow[] = await t.ds.query(
        `SELECT id::text AS id, details FROM audit_event WHERE action = 'member.mandate_ended' ORDER BY audit_event.id LIMIT 1`,
      );
      await asDba(`UPDATE audit_event SET details = $2 WHERE id = $1`, [rows[0].id, JSON.stringify({ endDate: '2026-07-31' })]);
      const v = await verify();
      expect(v.ok).toBe(false);
      expect(v.firstBrokenId).toBe(rows[0].id);
      await asDba(`UPDATE audit_event SET details = $2 WHERE id = $1`, [rows[0].id, JSON.stringify(rows[0].details)]);
      expect((await verify()).ok).toBe(true);
    });

    it('detects a deleted row: the next row no longer links to its predecessor', async () => {
      const all: AuditRow[] = await t.ds.query(`SELECT * FROM audit_event ORDER BY audit_event.id`);
      const index = Math.floor(all.length / 3);
      const victim = all[index];
      const next = all[index + 1];

      await asDba(`DELETE FROM audit_event WHERE id = $1`, [victim.id]);
      const v = await verify();
      expect(v).toEqual({ ok: false, checked: index, firstBrokenId: String(next.id), reason: 'Le lien avec la ligne précédente est rompu.' });

      await asDba(
        `INSERT INTO audit_event (id, occurred_at, actor_user_id, actor_role, action, entity_type, entity_id, request_id, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          victim.id,
          victim.occurred_at,
          victim.actor_user_id,
          victim.actor_role,
          victim.action,
          victim.entity_type,
          victim.entity_id,
          victim.request_id,
          JSON.stringify(victim.details),
          victim.prev_hash,
          victim.hash,
        ],
      );
      expect((await verify()).ok).toBe(true);
    });

    it('the CLI audit:verify exits 0 on an intact chain and 1 with the broken row id after tampering', async () => {
      const ok = await cli(['audit:verify']);
      expect(ok.code).toBe(0);
      expect(ok.err).toEqual([]);
      // TENANT-1: one chain per département, and the national one.
      expect(ok.out).toEqual([
        expect.stringMatching(/^Journal d'audit du département 79 intègre : \d+ ligne\(s\) vérifiée\(s\)\.$/),
        expect.stringMatching(/^Journal d'audit du département 86 intègre : \d+ ligne\(s\) vérifiée\(s\)\.$/),
        expect.stringMatching(/^Journal d'audit national intègre : \d+ ligne\(s\) vérifiée\(s\)\.$/),
      ]);

      const all: AuditRow[] = await t.ds.query(`SELECT id::text AS id, entity_type FROM audit_event ORDER BY audit_event.id`);
      const target = all[Math.floor(all.length / 2)];
      await asDba(`UPDATE audit_event SET entity_type = 'falsifié' WHERE id = $1`, [target.id]);
      const broken = await cli(['audit:verify']);
      expect(broken.code).toBe(1);
      expect(broken.err.join('\n')).toContain(`Journal d'audit du département 86 ALTÉRÉ : première ligne rompue n° ${target.id} (`);
      await asDba(`UPDATE audit_event SET entity_type = $2 WHERE id = $1`, [target.id, target.entity_type]);
      expect((await cli(['audit:verify'])).code).toBe(0);
    });
  });
});
