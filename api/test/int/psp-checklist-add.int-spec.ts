import type { ChecklistItemDto } from '@cdlp/shared';
import { addDays, checklistCodeFromLabel, parisDate } from '@cdlp/shared';
import { ErrorBody, auditRows, countRows } from '../psp-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Item = ChecklistItemDto & ErrorBody;

describe('PSP checklist: a new piece as a dated version (PSP-3)', () => {
  let t: TestApp;
  let admin: TestClient;
  let today: string;

  beforeAll(async () => {
    t = await startTestApp();
    today = parisDate(t.clock.now());
    admin = await t.login(DEMO.admin);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('PSP-3: derives the code of a new piece from its label', () => {
    expect(checklistCodeFromLabel('Attestation de la CAF (quotient familial)')).toBe(
      'ATTESTATION_DE_LA_CAF_QUOTIENT_FAMIL',
    );
    expect(checklistCodeFromLabel('Évaluation')).toBe('EVALUATION');
    expect(checklistCodeFromLabel('…')).toBe('PIECE');
  });

  it('PSP-3: the administrator adds a piece at the end of the list of its kind, audited', async () => {
    const before = (await admin.get<ChecklistItemDto[]>('/psp-checklist?kind=RENEWAL')).body;
    const r = await admin.post<Item>('/psp-checklist', {
      kind: 'RENEWAL',
      label: 'Attestation de suivi médical',
      required: true,
      maxAgeMonths: 3,
      validFrom: today,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'RENEWAL',
      code: 'ATTESTATION_DE_SUIVI_MEDICAL',
      label: 'Attestation de suivi médical',
      required: true,
      maxAgeMonths: 3,
      oneOf: [],
      neverRequiredReason: null,
      validFrom: today,
      validTo: null,
      sortOrder: Math.max(...before.map((i) => i.sortOrder)) + 1,
    });
    const after = (await admin.get<ChecklistItemDto[]>('/psp-checklist?kind=RENEWAL')).body;
    expect(after.map((i) => i.code)).toEqual([...before.map((i) => i.code), 'ATTESTATION_DE_SUIVI_MEDICAL']);
    const audit = await auditRows(t, 'psp_checklist.item_added', r.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({
      code: 'ATTESTATION_DE_SUIVI_MEDICAL',
      kind: 'RENEWAL',
      rule: 'PSP-3',
    });

    // The same label again gets a code of its own.
    const again = await admin.post<Item>('/psp-checklist', {
      kind: 'RENEWAL',
      label: 'Attestation de suivi médical',
      required: false,
      validFrom: addDays(today, 5),
    });
    expect(again.status).toBe(201);
    expect(again.body.code).toBe('ATTESTATION_DE_SUIVI_MEDICAL_2');
  });

  it('PSP-3: refuses a past date, a blank label and an unknown kind in French; only the administrator may add', async () => {
    const before = await countRows(t, 'psp_checklist_item');
    const past = await admin.post<Item>('/psp-checklist', {
      kind: 'INITIAL',
      label: 'X',
      required: false,
      validFrom: addDays(today, -1),
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([
      { field: 'validFrom', message: `La date d'effet ne peut pas être passée (au plus tôt le ${today}).` },
    ]);
    const blank = await admin.post<Item>('/psp-checklist', {
      kind: 'INITIAL',
      label: '  ',
      required: false,
      validFrom: today,
    });
    expect(blank.body.errors).toEqual([{ field: 'label', message: 'Le libellé est obligatoire.' }]);
    const kind = await admin.post<Item>('/psp-checklist', {
      kind: 'OTHER',
      label: 'X',
      required: false,
      validFrom: today,
    });
    expect(kind.body.errors?.[0]).toMatchObject({ field: 'kind' });
    const secretariat = await t.login(DEMO.secretariat);
    expect(
      (
        await secretariat.post('/psp-checklist', {
          kind: 'INITIAL',
          label: 'X',
          required: false,
          validFrom: today,
        })
      ).status,
    ).toBe(403);
    expect(await countRows(t, 'psp_checklist_item')).toBe(before);
  });

  it('PSP-3: a new version of a piece cannot start in the past either (400), and nothing changes', async () => {
    const items = (await admin.get<ChecklistItemDto[]>('/psp-checklist?kind=INITIAL')).body;
    const etat = items.find((i) => i.code === 'ETAT_CIVIL' && i.validTo === null) as ChecklistItemDto;
    const before = await countRows(t, 'psp_checklist_item');
    const r = await admin.put<Item>(`/psp-checklist/${etat.id}`, {
      label: etat.label,
      required: true,
      validFrom: addDays(today, -1),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: 'validFrom', message: `La date d'effet ne peut pas être passée (au plus tôt le ${today}).` },
    ]);
    expect(await countRows(t, 'psp_checklist_item')).toBe(before);
  });
});
