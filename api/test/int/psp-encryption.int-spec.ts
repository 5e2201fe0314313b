import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Client } from 'pg';
import type { PspRequestDto } from '@cdlp/shared';
import { createApp } from '../../src/bootstrap';
import { Clock } from '../../src/core/clock/clock';
import { loadConfig } from '../../src/core/config/config';
import { DEMO_PASSWORD } from '../../src/demo/demo-data';
import { ErrorBody, createDraft, fullDossier, pdf, specFor, upload, uploadAll } from '../psp-fixtures';
import { rawClient } from '../test-db';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;

/** What must never be found in the database in clear (DP-1). */
const LAST_NAME = 'Quartzbelle';
const FIRST_NAME = 'Zéphyrine';
const PHONE = '07 98 76 54 32';
const EMAIL = 'zephyrine.q@example.fr';
const ADDRESS = '4 impasse des Lilas cachés';
const FAMILY = 'Mère de deux enfants restés au pays';
const MARKER = `CONTENU-EN-CLAIR-${randomBytes(6).toString('hex')}`;
const FILENAME_MARKER = 'zephyrine-quartzbelle-passeport';
const WITHDRAW_MARKER = 'Quartzbelle a quitté la Vienne';

const utf8Hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
const SECRETS = [
  LAST_NAME,
  FIRST_NAME,
  PHONE,
  EMAIL,
  ADDRESS,
  FAMILY,
  MARKER,
  FILENAME_MARKER,
  'quartzbelle',
];

/** Every secret, in clear or as the hex of its UTF-8 bytes (how bytea appears in row_to_json). */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return SECRETS.filter((s) => lower.includes(s.toLowerCase()) || lower.includes(utf8Hex(s)));
}

describe('PSP encryption at rest (DP-1)', () => {
  let t: TestApp;
  let asso: TestClient;
  let sec: TestClient;
  let pg: Client;
  let request: PspRequestDto;
  let withdrawn: PspRequestDto;
  let app2: NestExpressApplication | null = null;
  let firstAppClosed = false;

  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_ENCRYPTION_KEYS: K1 } });
    asso = await t.login(DEMO.association);
    sec = await t.login(DEMO.secretariat);
    pg = await rawClient(t.db.url);
    const draft = await createDraft(
      asso,
      fullDossier({
        lastName: LAST_NAME,
        firstName: FIRST_NAME,
        phone: PHONE,
        email: EMAIL,
        postalAddress: ADDRESS,
        familySituation: FAMILY,
      }),
    );
    await uploadAll(t, asso, draft.id, 'INITIAL', ['NATIONALITE']);
    const passport = await upload(asso, draft.id, {
      ...specFor('NATIONALITE', '2026-01-01'),
      content: pdf(MARKER),
      filename: `${FILENAME_MARKER}.pdf`,
    });
    expect(passport.status).toBe(201);
    request = (await asso.post<PspRequestDto>(`/psp-requests/${draft.id}/submit`)).body;
    expect(request.state).toBe('COMPLETE');
    const other = await createDraft(asso, fullDossier({ lastName: LAST_NAME, firstName: FIRST_NAME }));
    withdrawn = (
      await asso.post<PspRequestDto>(`/psp-requests/${other.id}/withdraw`, { reason: WITHDRAW_MARKER })
    ).body;
    expect(withdrawn.state).toBe('WITHDRAWN');
  });

  afterAll(async () => {
    await pg?.end();
    if (app2) await app2.close();
    if (firstAppClosed) {
      await t.db.drop();
      rmSync(t.dataDir, { recursive: true, force: true });
    } else {
      await t?.close();
    }
  });

  it('DP-1: the api gives the dossier and the document back in clear to those entitled', async () => {
    const r = await sec.get<Dto>(`/psp-requests/${request.id}`);
    expect(r.body.dossier).toMatchObject({
      lastName: LAST_NAME,
      firstName: FIRST_NAME,
      phone: PHONE,
      familySituation: FAMILY,
    });
    const doc = r.body.documents.find((d) => d.itemCode === 'NATIONALITE');
    expect(doc?.filename).toBe(`${FILENAME_MARKER}.pdf`);
    const dl = await sec.get<string>(`/psp-requests/${request.id}/documents/${doc?.id}/content`);
    expect(dl.status).toBe(200);
    expect(dl.body).toContain(MARKER);
    expect((await sec.get<Dto>(`/psp-requests/${withdrawn.id}`)).body.withdrawnReason).toBe(WITHDRAW_MARKER);
  });

  it('DP-1: SELECT * of psp_request and supporting_document holds no identity, no file name and no document content in clear', async () => {
    const requests = await pg.query(`SELECT * FROM psp_request`);
    const docs = await pg.query(`SELECT * FROM supporting_document`);
    expect(requests.rows.length).toBeGreaterThan(14);
    expect(docs.rows.length).toBeGreaterThan(9);
    for (const row of [...requests.rows, ...docs.rows] as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const bytes = Buffer.isBuffer(value)
          ? value
          : Buffer.from(value instanceof Date ? value.toISOString() : String(value), 'utf8');
        for (const secret of SECRETS) {
          expect({ column, found: bytes.includes(Buffer.from(secret, 'utf8')) }).toEqual({
            column,
            found: false,
          });
        }
      }
    }
    // The ciphertexts are there, under the configured key.
    const mine = requests.rows.find((r: { id: string }) => r.id === request.id) as {
      dossier_enc: Buffer;
      key_id: string;
    };
    expect(mine.key_id).toBe('k1');
    expect(mine.dossier_enc[0]).toBe(1);
    expect(mine.dossier_enc.subarray(2, 2 + mine.dossier_enc[1]).toString()).toBe('k1');
    const passport = docs.rows.find(
      (d: { request_id: string; item_code: string }) =>
        d.request_id === request.id && d.item_code === 'NATIONALITE',
    ) as {
      content_enc: Buffer;
      size: number;
      key_id: string;
    };
    expect(passport.key_id).toBe('k1');
    expect(passport.content_enc.length).toBeGreaterThan(passport.size);
  });

  it("DP-1: row_to_json and encode(…, 'escape') of every column of both tables hold no secret", async () => {
    // Control: the detector sees a name stored in clear, as text or as bytea.
    const control = await pg.query<{ j: string }>(
      `SELECT row_to_json(x)::text AS j FROM (SELECT convert_to($1, 'UTF8') AS b, $2::text AS t) x`,
      [FIRST_NAME, PHONE],
    );
    expect(leaks(control.rows[0].j)).toEqual([FIRST_NAME, PHONE]);
    for (const table of ['psp_request', 'supporting_document']) {
      const json = await pg.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table} x`);
      for (const r of json.rows) expect(leaks(r.j)).toEqual([]);
      const cols = await pg.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      );
      const exprs = cols.rows.map((c) =>
        c.data_type === 'bytea'
          ? `coalesce(encode(${c.column_name}, 'escape'), '')`
          : `coalesce(${c.column_name}::text, '')`,
      );
      const escaped = await pg.query<{ v: string }>(
        `SELECT concat_ws('|', ${exprs.join(', ')}) AS v FROM ${table}`,
      );
      for (const r of escaped.rows) expect(leaks(r.v)).toEqual([]);
    }
  });

  it('DP-1 / DP-2: no table of the database (audit, outbox, sessions…) holds the identity or the document in clear', async () => {
    const tables = await pg.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['audit_event', 'outbox_message', 'psp_request']),
    );
    for (const { table_name } of tables.rows) {
      const rows = await pg.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${table_name}" x`);
      for (const r of rows.rows) expect({ table_name, leaks: leaks(r.j) }).toEqual({ table_name, leaks: [] });
    }
    const withdrawnRaw = await pg.query<{ j: string }>(
      `SELECT row_to_json(x)::text AS j FROM psp_request x WHERE id = $1`,
      [withdrawn.id],
    );
    expect(withdrawnRaw.rows[0].j).not.toContain('Vienne');
  });

  it('DP-1: a ciphertext moved to another row is refused (the AAD binds it to its row), nothing leaks', async () => {
    const victim = withdrawn.id;
    const saved = await pg.query<{ dossier_enc: Buffer }>(
      `SELECT dossier_enc FROM psp_request WHERE id = $1`,
      [victim],
    );
    try {
      await pg.query(
        `UPDATE psp_request SET dossier_enc = (SELECT dossier_enc FROM psp_request WHERE id = $2) WHERE id = $1`,
        [victim, request.id],
      );
      const r = await sec.get<Dto>(`/psp-requests/${victim}`);
      expect(r.status).toBe(500);
      expect(r.body.message).toBe('Une erreur interne est survenue. Réessayez plus tard.');
      expect(JSON.stringify(r.body)).not.toContain(LAST_NAME);
    } finally {
      await pg.query(`UPDATE psp_request SET dossier_enc = $2 WHERE id = $1`, [
        victim,
        saved.rows[0].dossier_enc,
      ]);
    }
    expect((await sec.get<Dto>(`/psp-requests/${victim}`)).status).toBe(200);
  });

  it('DP-1: key rotation: an app started with DATA_ENCRYPTION_KEYS="k2,k1" reads what k1 wrote and writes with k2', async () => {
    await t.app.close();
    firstAppClosed = true;
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: t.db.url,
      DEMO_MODE: 'true',
      DATA_DIR: t.dataDir,
      LOG_LEVEL: 'silent',
      LOGIN_RATE_PER_MINUTE: '10000',
      DATA_ENCRYPTION_KEYS: `${K2},${K1}`,
    });
    app2 = await createApp(config, { clock: new Clock(), serveWeb: false });
    await app2.listen(0, '127.0.0.1');
    const { port } = app2.getHttpServer().address() as { port: number };
    const c = new TestClient(`http://127.0.0.1:${port}/api`);
    expect((await c.post('/auth/login', { email: DEMO.association, password: DEMO_PASSWORD })).status).toBe(
      200,
    );

    const r = await c.get<Dto>(`/psp-requests/${request.id}`);
    expect(r.status).toBe(200);
    expect(r.body.dossier.lastName).toBe(LAST_NAME);
    const doc = r.body.documents.find((d) => d.itemCode === 'NATIONALITE');
    const dl = await c.get<string>(`/psp-requests/${request.id}/documents/${doc?.id}/content`);
    expect(dl.status).toBe(200);
    expect(dl.body).toContain(MARKER);

    // A change re-encrypts the dossier with the new key; a new document is written with it.
    const edited = await c.put<Dto>(`/psp-requests/${request.id}`, {
      dossier: { ...r.body.dossier, phone: '07 00 00 00 01' },
    });
    expect(edited.status).toBe(200);
    const up = await upload(c, request.id, { itemCode: 'SITUATION', content: pdf(`${MARKER}-k2`) });
    expect(up.status).toBe(201);
    const row = await pg.query<{ key_id: string; dossier_enc: Buffer }>(
      `SELECT key_id, dossier_enc FROM psp_request WHERE id = $1`,
      [request.id],
    );
    expect(row.rows[0].key_id).toBe('k2');
    expect(row.rows[0].dossier_enc.subarray(2, 4).toString()).toBe('k2');
    const keys = await pg.query<{ key_id: string; n: number }>(
      `SELECT key_id, count(*)::int AS n FROM supporting_document WHERE request_id = $1 GROUP BY key_id ORDER BY key_id`,
      [request.id],
    );
    expect(keys.rows).toEqual([
      { key_id: 'k1', n: 9 },
      { key_id: 'k2', n: 1 },
    ]);
    const again = await c.get<Dto>(`/psp-requests/${request.id}`);
    expect(again.body.dossier.phone).toBe('07 00 00 00 01');
    expect(again.body.documents).toHaveLength(10);
  });
});
