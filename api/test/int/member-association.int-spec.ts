import type { MemberDto } from '@cdlp/shared';
import { count, lastAuditId, memberBody } from '../fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Body = MemberDto & { errors?: { field: string; message: string }[] };

describe('the association a member represents (COMP-4)', () => {
  let t: TestApp;
  let sec: TestClient;
  let own: { id: string; name: string };
  let foreignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    sec = await t.login(DEMO.secretariat);
    own = (
      (await t.ds.query(`SELECT id, name FROM association ORDER BY name LIMIT 1`)) as {
        id: string;
        name: string;
      }[]
    )[0];
    const foreign: { id: string }[] = await t.ownerDs.query(
      `SELECT id FROM association WHERE departement_code = '79' LIMIT 1`,
    );
    foreignId = foreign[0].id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('COMP-4: a member is created with the association they represent, shown by name, and kept by an update without it', async () => {
    const r = await sec.post<Body>(
      '/members',
      memberBody({ categoryCode: 'ASSOCIATION', appointmentKind: 'REPRESENTATIVE', associationId: own.id }),
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ associationId: own.id, associationName: own.name });
    expect((await sec.get<MemberDto>(`/members/${r.body.id}`)).body).toMatchObject({
      associationId: own.id,
      associationName: own.name,
    });

    const { id, ...rest } = r.body;
    const body = memberBody({
      civility: rest.civility,
      firstName: rest.firstName,
      lastName: rest.lastName,
      categoryCode: rest.categoryCode,
      email: rest.email,
      appointmentKind: rest.appointmentKind,
      function: 'Directrice',
    });
    const kept = await sec.put<Body>(`/members/${id}`, body);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ function: 'Directrice', associationId: own.id });

    const cleared = await sec.put<Body>(`/members/${id}`, { ...body, associationId: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ associationId: null, associationName: null });
    const audit: { details: { changedFields: string[] } }[] = await t.ds.query(
      `SELECT details FROM audit_event WHERE action = 'member.updated' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [id],
    );
    expect(audit[0].details.changedFields).toContain('associationId');
  });

  it('COMP-4, TENANT-1: an association of another département, or unknown, is refused with a clear 400 and nothing is written', async () => {
    for (const associationId of [foreignId, '00000000-0000-4000-8000-000000000000']) {
      const members = await count(t, 'member');
      const audit = await lastAuditId(t);
      const r = await sec.post<Body>('/members', memberBody({ associationId }));
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'associationId', message: "L'association représentée est introuvable dans ce département." },
      ]);
      expect(await count(t, 'member')).toBe(members);
      expect(await lastAuditId(t)).toBe(audit);
    }
    const malformed = await sec.post<Body>('/members', memberBody({ associationId: 'abc' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([
      { field: 'associationId', message: "L'association représentée est invalide." },
    ]);
  });
});
