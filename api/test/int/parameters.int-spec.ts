import type { ParameterDto } from '@cdlp/shared';
import { addDays, parisDate } from '@cdlp/shared';
import { ParametersService } from '../../src/core/parameters/parameters.service';
import { ParametersAdminService } from '../../src/parameters/parameters-admin.service';
import { ErrorBody, auditRows, countRows } from '../psp-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Body = ParameterDto & ErrorBody;

describe('Dated parameters screen (AFIS-1, CONV-2, QUOR-3, VOTE-1)', () => {
  let t: TestApp;
  let secretariat: TestClient;
  let admin: TestClient;
  let today: string;

  beforeAll(async () => {
    t = await startTestApp();
    today = parisDate(t.clock.now());
    secretariat = await t.login(DEMO.secretariat);
    admin = await t.login(DEMO.admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  const find = async (c: TestClient, key: string): Promise<ParameterDto> => {
    const r = await c.get<ParameterDto[]>('/parameters');
    expect(r.status).toBe(200);
    return r.body.find((p) => p.key === key) as ParameterDto;
  };

  it('AFIS-1: lists every parameter with its value in force and its dated history', async () => {
    const afis = await find(secretariat, 'afis.monthly_base');
    expect(afis).toMatchObject({
      label: 'AFIS : montant mensuel pour une personne seule',
      rule: 'AFIS-1',
      kind: 'AMOUNT',
      unit: '€',
      currentValue: 343.2,
      history: [{ validFrom: '2022-07-01', value: 343.2, current: true }],
    });
    expect(afis.description).toContain('décret 2022-1340');
    const all = (await admin.get<ParameterDto[]>('/parameters')).body;
    expect(all.map((p) => p.key)).toEqual(
      expect.arrayContaining(['quorum.exclude_excluded_from_base', 'vote.abstentions_counted']),
    );
    expect(all).toHaveLength(17);
    expect((await (await t.login(DEMO.member)).get('/parameters')).status).toBe(403);
    expect(
      (
        await (
          await t.login(DEMO.president)
        ).post('/parameters/afis.per_child/values', { value: 1, validFrom: today })
      ).status,
    ).toBe(403);
  });

  it('AFIS-1: a new amount from a later day is scheduled, audited, and the value in force does not change', async () => {
    const from = addDays(today, 30);
    const r = await secretariat.post<Body>('/parameters/afis.monthly_base/values', {
      value: 350.5,
      validFrom: from,
    });
    expect(r.status).toBe(201);
    expect(r.body.currentValue).toBe(343.2);
    expect(r.body.history).toEqual([
      { validFrom: from, value: 350.5, current: false },
      { validFrom: '2022-07-01', value: 343.2, current: true },
    ]);
    const audit = await auditRows(t, 'parameter.value_added', 'afis.monthly_base');
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({
      key: 'afis.monthly_base',
      validFrom: from,
      value: 350.5,
      rule: 'AFIS-1',
    });

    // A scheduled value may be replaced until its day comes.
    const again = await secretariat.post<Body>('/parameters/afis.monthly_base/values', {
      value: 351,
      validFrom: from,
    });
    expect(again.status).toBe(201);
    expect(again.body.history[0]).toEqual({ validFrom: from, value: 351, current: false });
    expect(await auditRows(t, 'parameter.scheduled_value_replaced', 'afis.monthly_base')).toHaveLength(1);

    // Its day come, it is the value in force (sessions do not live a month: log in again).
    t.clock.advance(31 * 24 * 3600 * 1000);
    try {
      expect((await find(await t.login(DEMO.secretariat), 'afis.monthly_base')).currentValue).toBe(351);
    } finally {
      t.clock.advance(-31 * 24 * 3600 * 1000);
      secretariat = await t.login(DEMO.secretariat);
      admin = await t.login(DEMO.admin);
    }
  });

  it('a value already in force is never modified and the past is never rewritten (400/409, nothing written)', async () => {
    const before = await countRows(t, 'parameter');
    const past = await secretariat.post<Body>('/parameters/convocation.min_days/values', {
      value: 6,
      validFrom: addDays(today, -1),
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([
      { field: 'validFrom', message: expect.stringContaining('ne peut pas être passée') },
    ]);
    const inForce = await secretariat.post<Body>('/parameters/convocation.min_days/values', {
      value: 6,
      validFrom: '2016-04-13',
    });
    expect(inForce.status).toBe(400);

    const todayValue = await secretariat.post<Body>('/parameters/pathway.expiry_alert_days/values', {
      value: 30,
      validFrom: today,
    });
    expect(todayValue.status).toBe(201);
    expect(todayValue.body.currentValue).toBe(30);
    const rewrite = await secretariat.post<Body>('/parameters/pathway.expiry_alert_days/values', {
      value: 20,
      validFrom: today,
    });
    expect(rewrite.status).toBe(409);
    expect(rewrite.body.message).toContain('déjà en vigueur');
    expect((await find(secretariat, 'pathway.expiry_alert_days')).currentValue).toBe(30);
    expect(await countRows(t, 'parameter')).toBe(before + 1);
  });

  it.each([
    ['quorum.exclude_excluded_from_base', 2, 'La valeur doit être 1 (oui) ou 0 (non).'],
    ['convocation.min_days', 2.5, 'La valeur doit être un nombre entier.'],
    ['convocation.min_days', 0, 'La valeur doit être comprise entre 1 et 60 jours.'],
    ['afis.per_child', 10.123, 'Le montant a au plus deux décimales.'],
  ])(
    'QUOR-3, CONV-2, AFIS-1: %s refuses %s with a French message naming the field',
    async (key, value, message) => {
      const r = await admin.post<Body>(`/parameters/${key}/values`, { value, validFrom: addDays(today, 1) });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ field: 'value', message }]);
    },
  );

  it('refuses an unknown key (404), a value that is no number and a malformed date (400)', async () => {
    expect((await admin.post<Body>('/parameters/nope/values', { value: 1, validFrom: today })).status).toBe(
      404,
    );
    const notNumber = await admin.post<Body>('/parameters/convocation.min_days/values', {
      value: 'cinq',
      validFrom: today,
    });
    expect(notNumber.status).toBe(400);
    expect(notNumber.body.errors?.[0]).toMatchObject({
      field: 'value',
      message: 'La valeur doit être un nombre.',
    });
    const badDate = await admin.post<Body>('/parameters/convocation.min_days/values', {
      value: 5,
      validFrom: '01/01/2030',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors?.[0]).toMatchObject({ field: 'validFrom' });
  });

  it('VOTE-1: the memoised parameters of a transaction see the value written in it', async () => {
    const read = t.app.get(ParametersService);
    const write = t.app.get(ParametersAdminService);
    const [before, after] = await t.inScope('86', async (m) => {
      const b = await read.get('vote.abstentions_counted', today, m);
      await write.addValue('vote.abstentions_counted', { value: 1, validFrom: today });
      return [b, await read.get('vote.abstentions_counted', today, m)];
    });
    expect([before, after]).toEqual([0, 1]);
    // And the next request sees it too.
    expect((await find(admin, 'vote.abstentions_counted')).currentValue).toBe(1);
  });
});
