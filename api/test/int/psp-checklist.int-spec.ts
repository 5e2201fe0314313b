import type { ChecklistItemDto, PspRequestDto } from '@cdlp/shared';
import { addDays, addMonths, parisDate } from '@cdlp/shared';
import {
  ErrorBody,
  INITIAL_CODES,
  RENEWAL_CODES,
  auditRows,
  countRows,
  createDraft,
  fullDossier,
  parisNoon,
  upload,
  uploadAll,
} from '../psp-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

type Item = ChecklistItemDto & ErrorBody;
type Dto = PspRequestDto & ErrorBody;

describe('PSP checklist as dated configuration (PSP-3, PSP-3b)', () => {
  let t: TestApp;
  let admin: TestClient;
  let asso: TestClient;
  let t0: string;
  let items: ChecklistItemDto[];
  const byCode = (code: string, kind = 'INITIAL') =>
    items.find((i) => i.code === code && i.kind === kind) as ChecklistItemDto;

  beforeAll(async () => {
    t = await startTestApp();
    t0 = parisDate(t.clock.now());
    admin = await t.login(DEMO.admin);
    asso = await t.login(DEMO.association);
    items = (await asso.get<ChecklistItemDto[]>('/psp-checklist')).body;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('PSP-3: GET /psp-checklist lists the reference pieces of psp-pieces.json to any logged-in user', async () => {
    expect(items.filter((i) => i.kind === 'INITIAL').map((i) => i.code)).toEqual([
      ...INITIAL_CODES,
      'PLAINTE',
    ]);
    expect(items.filter((i) => i.kind === 'RENEWAL').map((i) => i.code)).toEqual([...RENEWAL_CODES]);
    expect(byCode('NATIONALITE')).toMatchObject({
      label: 'Justificatif de nationalité',
      required: true,
      oneOf: [
        'PASSEPORT',
        'CARTE_IDENTITE',
        'CARTE_CONSULAIRE',
        'ATTESTATION_CONSULAIRE_PHOTO',
        'CERTIFICAT_NATIONALITE',
      ],
      expiredNeedsSecondDocument: true,
      alternative: 'plusieurs documents concordants acceptés par le secrétariat, avec motif',
      validTo: null,
    });
    expect(byCode('DOMICILE')).toMatchObject({ required: true, maxAgeMonths: 6 });
    expect(byCode('PLAINTE')).toMatchObject({
      required: false,
      neverRequiredReason: "Conseil d'État, 19 novembre 2021, n° 440802",
    });
    const renewal = await asso.get<ChecklistItemDto[]>('/psp-checklist?kind=RENEWAL');
    expect(renewal.body.map((i) => i.code)).toEqual([...RENEWAL_CODES]);
    expect((await t.anon().get('/psp-checklist')).status).toBe(401);
    const member = await t.login(DEMO.member);
    expect((await member.get<ChecklistItemDto[]>('/psp-checklist')).body).toHaveLength(14);
  });

  it('PSP-3b: a police complaint cannot be made compulsory (400), and nothing changes', async () => {
    const before = await countRows(t, 'psp_checklist_item');
    const plainte = byCode('PLAINTE');
    const r = await admin.put<Item>(`/psp-checklist/${plainte.id}`, {
      label: plainte.label,
      required: true,
      validFrom: addDays(t0, 1),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      {
        field: 'required',
        message:
          "Cette pièce ne peut jamais être exigée (Conseil d'État, 19 novembre 2021, n° 440802, PSP-3b).",
      },
    ]);
    expect(await countRows(t, 'psp_checklist_item')).toBe(before);
    expect(await countRows(t, 'psp_checklist_item', `code = 'PLAINTE' AND valid_to IS NULL`)).toBe(1);
    // Its label may still be edited, as long as it stays optional.
    const ok = await admin.put<Item>(`/psp-checklist/${plainte.id}`, {
      label: 'Dépôt de plainte ou témoignage (facultatif)',
      required: false,
      validFrom: addDays(t0, 1),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ required: false, neverRequiredReason: plainte.neverRequiredReason });
  });

  it('PSP-3: only the administrator edits the checklist; a change needs a label and a later date', async () => {
    const etat = byCode('ETAT_CIVIL');
    const sec = await t.login(DEMO.secretariat);
    expect(
      (
        await sec.put<Item>(`/psp-checklist/${etat.id}`, {
          label: etat.label,
          required: true,
          validFrom: addDays(t0, 1),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await asso.put<Item>(`/psp-checklist/${etat.id}`, {
          label: etat.label,
          required: true,
          validFrom: addDays(t0, 1),
        })
      ).status,
    ).toBe(403);
    const before = await countRows(t, 'psp_checklist_item');
    const early = await admin.put<Item>(`/psp-checklist/${etat.id}`, {
      label: etat.label,
      required: true,
      validFrom: etat.validFrom,
    });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([
      { field: 'validFrom', message: `La date d'effet doit être postérieure au ${etat.validFrom}.` },
    ]);
    for (const label of ['', '   ']) {
      const blank = await admin.put<Item>(`/psp-checklist/${etat.id}`, {
        label,
        required: true,
        validFrom: addDays(t0, 1),
      });
      expect(blank.status).toBe(400);
      expect(blank.body.errors).toEqual([{ field: 'label', message: 'Le libellé est obligatoire.' }]);
    }
    const badDate = await admin.put<Item>(`/psp-checklist/${etat.id}`, {
      label: etat.label,
      required: true,
      validFrom: '01/01/2030',
    });
    expect(badDate.status).toBe(400);
    expect(await countRows(t, 'psp_checklist_item')).toBe(before);
    // A wording change effective today closes the old version yesterday.
    const today = await admin.put<Item>(`/psp-checklist/${etat.id}`, {
      label: "Copie intégrale d'acte de naissance",
      required: true,
      validFrom: t0,
    });
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({ validFrom: t0, validTo: null, required: true });
    const old: { valid_to: string }[] = await t.ds.query(
      `SELECT valid_to::text FROM psp_checklist_item WHERE id = $1`,
      [etat.id],
    );
    expect(old[0].valid_to).toBe(addDays(t0, -1));
  });

  describe('a change takes effect on its date (PSP-3: reference date = submission date)', () => {
    let submittedBefore: PspRequestDto;
    let draftBefore: PspRequestDto;
    let newVersion: ChecklistItemDto;
    const effective = () => addDays(t0, 1);
    /** A proof of address four months old: recent under the 6-month rule, too old under a 3-month one. */
    const fourMonthsOld = () => addMonths(t0, -4);

    beforeAll(async () => {
      // Filed and submitted under the current rule.
      const a = await createDraft(asso, fullDossier({ lastName: 'Avant' }));
      await uploadAll(t, asso, a.id, 'INITIAL', ['DOMICILE']);
      await upload(asso, a.id, { itemCode: 'DOMICILE', issueDate: fourMonthsOld() });
      submittedBefore = (await asso.post<Dto>(`/psp-requests/${a.id}/submit`)).body;
      // Filed before the change, submitted after it.
      draftBefore = await createDraft(asso, fullDossier({ lastName: 'Brouillon' }));
      await uploadAll(t, asso, draftBefore.id, 'INITIAL', ['DOMICILE']);
      await upload(asso, draftBefore.id, { itemCode: 'DOMICILE', issueDate: fourMonthsOld() });
    });

    it('PSP-3: a request submitted under the 6-month rule is complete', async () => {
      expect(submittedBefore.state).toBe('COMPLETE');
      expect(submittedBefore.completeness.items.find((i) => i.code === 'DOMICILE')?.status).toBe('PRESENT');
    });

    it('PSP-3: the administrator shortens the proof of address to 3 months from tomorrow: a new dated version, the old one closed the day before', async () => {
      const domicile = byCode('DOMICILE');
      const r = await admin.put<Item>(`/psp-checklist/${domicile.id}`, {
        label: 'Justificatif de domicile (ou de domiciliation) de moins de 3 mois',
        required: true,
        maxAgeMonths: 3,
        validFrom: effective(),
      });
      expect(r.status).toBe(200);
      newVersion = r.body;
      expect(newVersion.id).not.toBe(domicile.id);
      expect(newVersion).toMatchObject({
        kind: 'INITIAL',
        code: 'DOMICILE',
        maxAgeMonths: 3,
        validFrom: effective(),
        validTo: null,
        sortOrder: domicile.sortOrder,
      });
      const history = await admin.get<ChecklistItemDto[]>('/psp-checklist?kind=INITIAL&history=true');
      const versions = history.body.filter((i) => i.code === 'DOMICILE');
      expect(versions.map((v) => [v.id, v.validFrom, v.validTo, v.maxAgeMonths])).toEqual([
        [domicile.id, domicile.validFrom, t0, 6],
        [newVersion.id, effective(), null, 3],
      ]);
      const [audit] = await auditRows(t, 'psp_checklist.updated', newVersion.id);
      expect(audit.details).toMatchObject({
        code: 'DOMICILE',
        kind: 'INITIAL',
        previousId: domicile.id,
        validFrom: effective(),
      });
      // The closed version can no longer be edited.
      const stale = await admin.put<Item>(`/psp-checklist/${domicile.id}`, {
        label: 'x',
        required: true,
        validFrom: addDays(t0, 5),
      });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toBe(
        'Cette version de la pièce est close : modifiez la version en vigueur.',
      );
    });

    it('PSP-3: without history, the list shows the versions in force today and to come, for the requested kind only', async () => {
      const initial = await asso.get<ChecklistItemDto[]>('/psp-checklist?kind=INITIAL');
      expect(initial.body.every((i) => i.kind === 'INITIAL')).toBe(true);
      expect(initial.body.filter((i) => i.code === 'DOMICILE')).toHaveLength(2);
      const renewal = await asso.get<ChecklistItemDto[]>('/psp-checklist?kind=RENEWAL');
      expect(renewal.body.map((i) => `${i.kind}:${i.code}`)).toEqual(
        RENEWAL_CODES.map((c) => `RENEWAL:${c}`),
      );
      const explicit = await asso.get<ChecklistItemDto[]>('/psp-checklist?kind=RENEWAL&history=false');
      expect(explicit.body).toEqual(renewal.body);
      // The version closed yesterday is history.
      expect(initial.body.filter((i) => i.code === 'ETAT_CIVIL').map((i) => i.validFrom)).toEqual([t0]);
      const noHistory = await asso.get<ChecklistItemDto[]>('/psp-checklist?kind=INITIAL&history=false');
      expect(noHistory.body).toEqual(initial.body);
      const withHistory = await asso.get<ChecklistItemDto[]>('/psp-checklist?kind=INITIAL&history=true');
      expect(withHistory.body.filter((i) => i.code === 'ETAT_CIVIL')).toHaveLength(2);
      const all = await asso.get<ChecklistItemDto[]>('/psp-checklist?history=true');
      expect(all.body.length).toBe(await countRows(t, 'psp_checklist_item'));
    });

    it('PSP-3: after the change, the request submitted before keeps the old rule; a request submitted after gets the new one', async () => {
      try {
        t.clock.setNow(parisNoon(addDays(effective(), 1)));
        const a = await t.login(DEMO.association);
        // Submitted before: still complete, even when its completeness is recomputed.
        const kept = await a.get<Dto>(`/psp-requests/${submittedBefore.id}`);
        expect(kept.body.state).toBe('COMPLETE');
        expect(kept.body.completeness.referenceDate).toBe(t0);
        expect(kept.body.completeness.items.find((i) => i.code === 'DOMICILE')?.status).toBe('PRESENT');
        const situation = kept.body.documents.find((d) => d.itemCode === 'SITUATION');
        await a.delete(`/psp-requests/${submittedBefore.id}/documents/${situation?.id}`);
        const refreshed = await upload(a, submittedBefore.id, { itemCode: 'SITUATION' });
        expect(refreshed.body.state).toBe('COMPLETE');
        expect(refreshed.body.completeness.items.find((i) => i.code === 'DOMICILE')).toMatchObject({
          status: 'PRESENT',
        });

        // Filed before but submitted after: judged on its submission date, under the new rule.
        const late = await a.post<Dto>(`/psp-requests/${draftBefore.id}/submit`);
        expect(late.status).toBe(200);
        expect(late.body.state).toBe('INCOMPLETE');
        expect(late.body.completeness.referenceDate).toBe(addDays(effective(), 1));
        const domicile = late.body.completeness.items.find((i) => i.code === 'DOMICILE');
        expect(domicile).toMatchObject({
          status: 'TOO_OLD',
          label: 'Justificatif de domicile (ou de domiciliation) de moins de 3 mois',
        });
        expect(domicile?.message).toContain('moins de 3 mois');

        // A new request filed now.
        const b = await createDraft(a, fullDossier({ lastName: 'Après' }));
        await uploadAll(t, a, b.id, 'INITIAL', ['DOMICILE']);
        await upload(a, b.id, { itemCode: 'DOMICILE', issueDate: fourMonthsOld() });
        const s = await a.post<Dto>(`/psp-requests/${b.id}/submit`);
        expect(s.body.state).toBe('INCOMPLETE');
        expect(s.body.completeness.items.find((i) => i.code === 'DOMICILE')?.status).toBe('TOO_OLD');
        const fresh = await upload(a, b.id, {
          itemCode: 'DOMICILE',
          issueDate: addMonths(addDays(effective(), 1), -2),
        });
        expect(fresh.body.state).toBe('COMPLETE');
      } finally {
        t.clock.setNow(new Date());
      }
    });
  });
});
