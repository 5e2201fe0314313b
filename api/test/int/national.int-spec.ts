import { NATIONAL_SCOPE, NationalDepartementDto, NationalStatisticsDto, parisDate } from '@cdlp/shared';
import { verifyAuditChain } from '../../src/core/audit/audit.service';
import { TenantDb } from '../../src/core/database/tenant-db';
import { OutboxMessageEntity } from '../../src/core/outbox/outbox-message.entity';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { buildNationalStatistics } from '../../src/national/national-statistics.mapper';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { departementAccounts } from '../route-matrix';
import { freeDepartementCodes, normalised, seedSyntheticDepartements, statisticsInScope } from '../national-fixtures';

interface ErrorBody {
  message: string;
  errors?: { field: string; message: string }[];
}

/**
 * TENANT-1: the national administration (NATIONAL_ADMIN) opens, changes and closes the
 * départements of the instance; the national supervision (SUPERVISOR, NATIONAL_ADMIN) reads
 * anonymised statistics of every département. National accounts see no département's data.
 */
describe('TENANT-1: national administration of the départements', () => {
  let t: TestApp;
  let national: TestClient;
  const codes = freeDepartementCodes();

  const openBody = (code: string, over: Record<string, unknown> = {}) => ({
    code,
    name: 'Ain',
    prefecture: 'Bourg-en-Bresse',
    mailSenderName: 'CDLP de l’Ain',
    secretariatEmail: `secretariat.${code.toLowerCase()}@example.fr`,
    secretariatFirstName: 'Nora',
    secretariatLastName: 'Vidal',
    ...over,
  });

  const resetTokenOf = async (email: string): Promise<string> => {
    const rows: { text_body: string }[] = await t.ownerDs.query(
      `SELECT text_body FROM outbox_message WHERE template = 'password-reset' AND recipient = $1 ORDER BY created_at DESC LIMIT 1`,
      [email],
    );
    return decodeURIComponent(/token=([^\s]+)/.exec(rows[0].text_body)![1]);
  };

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.login(DEMO.nationalAdmin);
  });

  afterAll(async () => {
    await t.close();
  });

  it('TENANT-1: the national administrator lists the départements with their account counts, and no account', async () => {
    const r = await national.get<NationalDepartementDto[]>('/national/departements');
    expect(r.status).toBe(200);
    expect(r.body.map((d) => d.code)).toEqual(['79', '86']);
    const vienne = r.body.find((d) => d.code === '86')!;
    const [{ n }]: { n: number }[] = await t.ownerDs.query(`SELECT count(*)::int AS n FROM app_user WHERE departement_code = '86'`);
    expect(vienne).toMatchObject({ name: 'Vienne', prefecture: 'Poitiers', active: true, mailSenderName: 'CDLP de la Vienne', accounts: n });
    expect(vienne.accountsByRole).toMatchObject({ SECRETARIAT: 1, PRESIDENT: 1, MEMBER: 1, ASSOCIATION: 1, ADMIN: 1 });
    expect(JSON.stringify(r.body)).not.toMatch(/@demo\.cdlp\.fr|PSP-/);
  });

  it('TENANT-1: opening a département creates it, its configuration, its first secretariat account with the activation e-mail, and audits it in its chain and the national one', async () => {
    const code = codes[0];
    const r = await national.post<NationalDepartementDto>('/national/departements', openBody(code));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code, name: 'Ain', prefecture: 'Bourg-en-Bresse', active: true, mailSenderName: 'CDLP de l’Ain', accounts: 1 });
    expect(r.body.accountsByRole).toEqual({ SECRETARIAT: 1 });

    // The configuration comes from the national defaults.
    const [conf]: { params: number; defaults: number; items: number; itemDefaults: number }[] = await t.ownerDs.query(
      `SELECT (SELECT count(*)::int FROM parameter WHERE departement_code = $1) AS params,
              (SELECT count(*)::int FROM parameter_default) AS defaults,
              (SELECT count(*)::int FROM psp_checklist_item WHERE departement_code = $1) AS items,
              (SELECT count(*)::int FROM psp_checklist_default) AS "itemDefaults"`,
      [code],
    );
    expect(conf.params).toBe(conf.defaults);
    expect(conf.items).toBe(conf.itemDefaults);
    expect(conf.params).toBeGreaterThan(0);

    // The account belongs to the new département; its activation e-mail waits in its outbox.
    const users: { role: string; departement_code: string }[] = await t.ownerDs.query(`SELECT role, departement_code FROM app_user WHERE email = $1`, [
      `secretariat.${code}@example.fr`,
    ]);
    expect(users).toEqual([{ role: 'SECRETARIAT', departement_code: code }]);
    const mails: { departement_code: string; status: string }[] = await t.ownerDs.query(
      `SELECT departement_code, status FROM outbox_message WHERE recipient = $1`,
      [`secretariat.${code}@example.fr`],
    );
    expect(mails).toEqual([{ departement_code: code, status: 'QUEUED' }]);

    // Audit: the département's chain (its first rows) and the national chain, both intact.
    const audits: { departement_code: string | null; action: string }[] = await t.ownerDs.query(
      `SELECT departement_code, action FROM audit_event WHERE action = 'departement.opened' AND entity_id = $1 ORDER BY id`,
      [code],
    );
    expect(audits).toEqual([
      { departement_code: code, action: 'departement.opened' },
      { departement_code: null, action: 'departement.opened' },
    ]);
    for (const scope of [code, NATIONAL_SCOPE]) {
      expect((await t.inScope(scope, (m) => verifyAuditChain(m))).ok).toBe(true);
    }

    // The activation e-mail leaves with the département's sender name; the secretariat then works in its département.
    const sent: { to: string; from: string }[] = [];
    const worker = t.app.get(OutboxWorker);
    worker.useTransport({ concurrency: 1, send: async (msg: OutboxMessageEntity, from: string) => void sent.push({ to: msg.recipient, from }), close: () => undefined });
    await worker.processDue(100);
    expect(sent.find((s) => s.to === `secretariat.${code}@example.fr`)?.from).toMatch(/^"CDLP de l’Ain" </);
    const token = await resetTokenOf(`secretariat.${code}@example.fr`);
    expect((await t.anon().post('/auth/password-reset', { token, newPassword: 'Premier-mot-de-passe-01' })).status).toBe(204);
    const secretariat = await t.login(`secretariat.${code}@example.fr`, 'Premier-mot-de-passe-01');
    const dep = await secretariat.get<{ code: string; name: string }>('/registry/departement');
    expect(dep.body).toEqual({ code, name: 'Ain', prefecture: 'Bourg-en-Bresse' });
    const checklist = await secretariat.get<unknown[]>('/psp-checklist?kind=INITIAL');
    expect(checklist.body.length).toBeGreaterThan(0);
    // It sees nothing of the Vienne.
    expect((await secretariat.get<{ total: number }>('/members')).body.total).toBe(0);
    expect((await secretariat.get<{ total: number }>('/psp-requests')).body.total).toBe(0);
    // The new département's jobs run.
    expect(await t.app.get(TenantDb).activeDepartements()).toContain(code);
  });

  it('TENANT-1: 409 when the département is already open; nothing is written', async () => {
    const before: { n: number }[] = await t.ownerDs.query(`SELECT count(*)::int AS n FROM audit_event`);
    const r = await national.post<ErrorBody>('/national/departements', openBody('86', { secretariatEmail: 'autre.86@example.fr' }));
    expect(r.status).toBe(409);
    expect(r.body.message).toBe('Le département 86 est déjà ouvert sur le portail.');
    const after: { n: number }[] = await t.ownerDs.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(after[0].n).toBe(before[0].n);
    expect(await t.ownerDs.query(`SELECT 1 FROM app_user WHERE email = 'autre.86@example.fr'`)).toEqual([]);
  });

  it('TENANT-1: bad input is refused with a French message for each field', async () => {
    const r = await national.post<ErrorBody>('/national/departements', {
      code: '20',
      name: '',
      prefecture: 42,
      mailSenderName: 'CDLP <pirate>',
      secretariatEmail: 'pas-une-adresse',
      secretariatFirstName: '',
      secretariatLastName: 'x'.repeat(101),
    });
    expect(r.status).toBe(400);
    const fields = new Map((r.body.errors ?? []).map((e) => [e.field, e.message]));
    expect([...fields.keys()].sort()).toEqual(
      ['mailSenderName', 'name', 'prefecture', 'secretariatEmail', 'secretariatFirstName', 'secretariatLastName'].sort(),
    );
    // '20' is accepted by the format (as by the database constraint): only 00, 2C, 977… are refused.
    for (const code of ['00', '2C', '977', '9', 'AB', '']) {
      const bad = await national.post<ErrorBody>('/national/departements', openBody(code, { secretariatEmail: 'code.invalide@example.fr' }));
      expect({ code, status: bad.status, errors: bad.body.errors }).toEqual({
        code,
        status: 400,
        errors: [{ field: 'code', message: 'Le code du département est invalide : 01 à 95, 2A, 2B ou 971 à 976.' }],
      });
    }
    expect(fields.get('secretariatEmail')).toBe("L'adresse électronique du secrétariat n'est pas valide.");
    expect(fields.get('mailSenderName')).toMatch(/^Le nom d’expéditeur ne peut contenir/);
    const unknown = await national.post<ErrorBody>('/national/departements', { ...openBody(codes[1]), extra: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'extra', message: 'Le champ « extra » n\'est pas attendu.' }]);
    expect(await t.ownerDs.query(`SELECT code FROM departement WHERE code = ANY($1)`, [['00', '20', codes[1]]])).toEqual([]);
  });

  it('TENANT-1: an e-mail already used by any account of the instance refuses the opening on secretariatEmail, and nothing is written (one transaction)', async () => {
    const code = codes[2];
    const r = await national.post<ErrorBody>('/national/departements', openBody(code, { secretariatEmail: departementAccounts('79').SECRETARIAT }));
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'secretariatEmail', message: 'Un compte utilise déjà cette adresse électronique.' }]);
    const [left]: { deps: number; params: number; audits: number }[] = await t.ownerDs.query(
      `SELECT (SELECT count(*)::int FROM departement WHERE code = $1) AS deps,
              (SELECT count(*)::int FROM parameter WHERE departement_code = $1) AS params,
              (SELECT count(*)::int FROM audit_event WHERE entity_id = $1) AS audits`,
      [code],
    );
    expect(left).toEqual({ deps: 0, params: 0, audits: 0 });
  });

  it('TENANT-1: closing a département ends its sessions, refuses its logins and reset e-mails, and stops its jobs; reopening restores them', async () => {
    const accounts79 = departementAccounts('79');
    const session79 = await t.login(accounts79.SECRETARIAT);
    const session86 = await t.login(DEMO.secretariat);
    const close = await national.put<NationalDepartementDto>('/national/departements/79', {
      name: 'Deux-Sèvres',
      prefecture: 'Niort',
      mailSenderName: 'CDLP des Deux-Sèvres',
      active: false,
    });
    expect(close.status).toBe(200);
    expect(close.body.active).toBe(false);

    expect((await session79.get('/auth/me')).status).toBe(401);
    expect((await session86.get('/auth/me')).status).toBe(200);
    const login = await t.anon().post<ErrorBody>('/auth/login', { email: accounts79.ADMIN, password: 'Demo-CDLP-2026!' });
    expect(login.status).toBe(401);
    expect(login.body.message).toBe('Le portail n’est plus ouvert pour votre département. Contactez l’administration nationale du portail.');
    // A wrong password still gets the usual answer: closing says nothing to a stranger.
    const wrong = await t.anon().post<ErrorBody>('/auth/login', { email: accounts79.ADMIN, password: 'mauvais' });
    expect(wrong.body.message).toBe('Adresse électronique ou mot de passe incorrect.');
    const resets = async () =>
      ((await t.ownerDs.query(`SELECT count(*)::int AS n FROM outbox_message WHERE recipient = $1`, [accounts79.ADMIN])) as { n: number }[])[0].n;
    const before = await resets();
    expect((await t.anon().post('/auth/password-reset/request', { email: accounts79.ADMIN })).status).toBe(202);
    expect(await resets()).toBe(before);

    const db = t.app.get(TenantDb);
    expect(await db.activeDepartements()).not.toContain('79');
    const visited: string[] = [];
    await db.forEachDepartement(async (d) => void visited.push(d));
    expect(visited).not.toContain('79');
    expect(visited).toContain('86');

    const revoked: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM user_session WHERE departement_code = '79' AND revoked_at IS NULL`,
    );
    expect(revoked[0].n).toBe(0);
    const audits: { departement_code: string | null }[] = await t.ownerDs.query(
      `SELECT departement_code FROM audit_event WHERE action = 'departement.closed' AND entity_id = '79' ORDER BY id`,
    );
    expect(audits).toEqual([{ departement_code: '79' }, { departement_code: null }]);

    const reopen = await national.put<NationalDepartementDto>('/national/departements/79', {
      name: 'Deux-Sèvres',
      prefecture: 'Niort',
      mailSenderName: 'CDLP des Deux-Sèvres',
      active: true,
    });
    expect(reopen.body.active).toBe(true);
    expect((await t.login(accounts79.SECRETARIAT)).cookies).toBeDefined();
    expect(await db.activeDepartements()).toContain('79');
  });

  it('TENANT-1: a change of a département is validated (400 in French) and an unknown département is a 404', async () => {
    const bad = await national.put<ErrorBody>('/national/departements/86', { name: '', prefecture: 'Poitiers', mailSenderName: 'A\nB', active: 'oui' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors ?? []).map((e) => e.field).sort()).toEqual(['active', 'mailSenderName', 'name']);
    const unknown = await national.put<ErrorBody>(`/national/departements/${codes[3]}`, {
      name: 'X',
      prefecture: 'Y',
      mailSenderName: 'Z',
      active: true,
    });
    expect(unknown.status).toBe(404);
    expect((await national.put('/national/departements/xyz', { name: 'X', prefecture: 'Y', mailSenderName: 'Z', active: true })).status).toBe(404);
    const renamed = await national.put<NationalDepartementDto>('/national/departements/86', {
      name: 'Vienne',
      prefecture: 'Poitiers',
      mailSenderName: 'Commission de la Vienne',
      active: true,
    });
    expect(renamed.body.mailSenderName).toBe('Commission de la Vienne');
    const row: { details: { changed: string[] } }[] = await t.ownerDs.query(
      `SELECT details FROM audit_event WHERE action = 'departement.updated' AND entity_id = '86' AND departement_code IS NULL`,
    );
    expect(row[0].details.changed).toEqual(['mailSenderName']);
  });
});

describe('TENANT-1, PSP-4: anonymised national statistics', () => {
  let t: TestApp;
  const year = Number(parisDate(new Date()).slice(0, 4));

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('TENANT-1: the supervision reads the figures of every département and in total, without any dossier content; small counts are hidden', async () => {
    const supervision = await t.login(DEMO.supervisor);
    const r = await supervision.get<NationalStatisticsDto>(`/national/statistics?year=${year}`);
    expect(r.status).toBe(200);
    expect(r.body.year).toBe(year);
    expect(r.body.threshold).toBe(5);
    expect(r.body.departements.map((d) => d.code)).toEqual(['79', '86']);
    const text = JSON.stringify(r.body);
    // Counts only: no reference, no name, no e-mail, no id.
    expect(text).not.toMatch(/PSP-\d|@|[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const name of ['Garnier', 'Okafor', 'Diallo', 'Marchal', 'Benhamou']) expect(text).not.toContain(name);
    // The Deux-Sèvres' demo has 1 to 4 requests of the year: hidden.
    const [{ n: filed79 }]: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM psp_request WHERE departement_code = '79' AND kind = 'INITIAL'
          AND extract(year FROM submitted_at AT TIME ZONE 'Europe/Paris') = $1`,
      [year],
    );
    expect(filed79).toBeGreaterThan(0);
    expect(filed79).toBeLessThan(5);
    const deuxSevres = r.body.departements.find((d) => d.code === '79')!;
    expect(deuxSevres.requestsInitial).toEqual({ value: null, suppressed: true, display: '< 5' });
    // The only other count of the column is hidden too, so the total cannot give it back.
    expect(r.body.departements.find((d) => d.code === '86')!.requestsInitial.suppressed).toBe(true);
    expect(r.body.total.requestsInitial.suppressed).toBe(false);
    expect(r.body.disclosureNote).toContain('« < 5 »');
    // The national administration reads them too.
    expect((await (await t.login(DEMO.nationalAdmin)).get(`/national/statistics?year=${year}`)).status).toBe(200);
  });

  it('TENANT-1: the year is required and checked (400 in French)', async () => {
    const supervision = await t.login(DEMO.supervisor);
    for (const q of ['', '?year=abc', '?year=1999', '?year=2026.5']) {
      const r = await supervision.get<ErrorBody>(`/national/statistics${q}`);
      expect({ q, status: r.status, field: r.body.errors?.[0]?.field }).toEqual({ q, status: 400, field: 'year' });
    }
  });

  it('TENANT-1: with 101 départements, the SECURITY DEFINER aggregates equal what each département computes in its own scope, and the figures are protected', async () => {
    const codes = freeDepartementCodes().slice(0, 99);
    // Some small départements (2 requests), most with 8 to 20.
    const size = (i: number) => (i % 7 === 0 ? 2 : 8 + (i % 13));
    await seedSyntheticDepartements(t.ownerDs, codes, year, size);
    const db = t.app.get(TenantDb);
    const all = await db.activeDepartements();
    expect(all).toHaveLength(101);

    const definer = await t.inScope(NATIONAL_SCOPE, (m) => m.query(`SELECT * FROM cdlp_national_statistics($1)`, [year]));
    const perScope: Awaited<ReturnType<typeof statisticsInScope>> = [];
    await db.forEachDepartement(async (_d, m) => void perScope.push(...(await statisticsInScope(m, year))));
    const definerRows = normalised(definer);
    expect(definerRows.filter((r) => r.departement_code !== null)).toEqual(normalised(perScope));
    // Each scope saw only its own département's rows.
    for (const row of perScope) expect(all).toContain(row.departement_code);

    const supervision = await t.login(DEMO.supervisor);
    const r = await supervision.get<NationalStatisticsDto>(`/national/statistics?year=${year}`);
    expect(r.body.departements).toHaveLength(101);
    const departements = await t.ownerDs.query(`SELECT code, name, active FROM departement ORDER BY code`);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(buildNationalStatistics(year, departements, definer))));
    // A small synthetic département: 2 requests, hidden; its median over fewer than 5 opinions too.
    const small = r.body.departements.find((d) => d.code === codes[0])!;
    expect(small.requestsInitial.display).toBe('< 5');
    expect(small.medianDaysCompleteToOpinion.suppressed).toBe(true);
    const big = r.body.departements.find((d) => d.code === codes[1])!;
    expect(big.requestsInitial).toEqual({ value: size(1), suppressed: false, display: String(size(1)) });
    // Totals count every département, hidden ones included.
    const [{ n }]: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM psp_request WHERE kind = 'INITIAL' AND extract(year FROM submitted_at AT TIME ZONE 'Europe/Paris') = $1`,
      [year],
    );
    expect(r.body.total.requestsInitial.value).toBe(n);
    // The national median is computed over every opinion, not as a median of medians.
    const [{ median }]: { median: string }[] = await t.ownerDs.query(
      `SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ((opinion_at AT TIME ZONE 'Europe/Paris')::date - (completed_at AT TIME ZONE 'Europe/Paris')::date))::numeric, 1) AS median
         FROM psp_request WHERE opinion IS NOT NULL AND completed_at IS NOT NULL AND extract(year FROM opinion_at AT TIME ZONE 'Europe/Paris') = $1`,
      [year],
    );
    expect(r.body.total.medianDaysCompleteToOpinion.value).toBe(Number(median));
    expect(r.body.total.sittingsHeld.value).toBeGreaterThan(99);
    expect(r.body.total.purgedRequests.value).toBeGreaterThan(0);
    expect(r.body.total.pathwayEndings.COMPLETED.value).toBeGreaterThan(0);
  }, 120_000);

  it('TENANT-1: the aggregate functions may be executed by the application role only, and answer aggregates only', async () => {
    const acl: { proname: string; acl: string }[] = await t.ownerDs.query(
      `SELECT proname, proacl::text AS acl FROM pg_proc WHERE proname IN ('cdlp_national_statistics', 'cdlp_departement_accounts') ORDER BY proname`,
    );
    for (const f of acl) {
      expect(f.acl).toContain('cdlp_app=X');
      // PUBLIC (an empty grantee) may not execute them.
      expect(f.acl).not.toMatch(/[{,]=X/);
    }
    const columns: { name: string }[] = await t.ownerDs.query(
      `SELECT unnest(proargnames) AS name FROM pg_proc WHERE proname = 'cdlp_national_statistics'`,
    );
    expect(columns.map((c) => c.name)).toEqual(['p_year', 'departement_code', 'metric', 'value', 'sample']);
  });
});
