import type { PageDto, PspRequestDto, PspRequestListItemDto } from '@cdlp/shared';
import { addDays, parisDate } from '@cdlp/shared';
import { CIDFF, ErrorBody, auditRows, completeRequest, countRows, createDraft, demoRequestId, fullDossier, getRequest as get, parisNoon, pdf, png, startPspRequestsApp, submitRequest as submit, upload, uploadAll, userId } from '../psp-fixtures';
import { DEMO, TestApp, TestClient } from '../test-app';

type Dto = PspRequestDto & ErrorBody;

/**
 * PSP-3, PSP-4, DP-2: the uploads of pieces and their checks, the audited reads, the list
 * of requests and their references.
 */
describe('PSP requests: filing, completeness, documents, lifecycle', () => {
  let t: TestApp, asso: TestClient, sec: TestClient;
  let passerellesId: string, cidffId: string;

  beforeAll(async () => {
    ({ t, asso, sec, passerellesId, cidffId } = await startPspRequestsApp());
  });

  afterAll(() => t?.close());

  const today = () => parisDate(t.clock.now());

  describe('uploads', () => {
    let draftId: string;
    beforeAll(async () => {
      draftId = (await createDraft(asso, fullDossier({ lastName: 'Pièces' }))).id;
    });
    const docCount = () => countRows(t, 'supporting_document', 'request_id = $1', [draftId]);

    it('PSP-3: a file named .pdf whose content is a PNG is stored as image/png (magic bytes, not the name)', async () => {
      const content = png('scan');
      const r = await upload(asso, draftId, {
        itemCode: 'ETAT_CIVIL',
        content,
        filename: 'acte-naissance.pdf',
      });
      expect(r.status).toBe(201);
      const d = r.body.documents.find((x) => x.itemCode === 'ETAT_CIVIL');
      expect(d).toMatchObject({
        contentType: 'image/png',
        size: content.length,
        filename: 'acte-naissance.pdf.png',
      });
      const dl = await asso.request('GET', `/psp-requests/${draftId}/documents/${d?.id}/content`);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('image/png');
      expect(dl.headers.get('cache-control')).toBe('no-store');
    });

    it('PSP-3: a text file renamed .pdf is refused (400, field file) and nothing is written', async () => {
      const before = await docCount();
      const r = await upload(asso, draftId, {
        itemCode: 'SITUATION',
        content: Buffer.from('Ceci est un texte, pas un PDF.'),
        filename: 'faux.pdf',
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'file',
          message:
            'Format refusé : seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu du fichier a été vérifié).',
        },
      ]);
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a file over 10 MB is refused (400, field file) and nothing is written', async () => {
      const before = await docCount();
      const big = Buffer.concat([pdf('gros'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
      const r = await upload(asso, draftId, { itemCode: 'SITUATION', content: big });
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0].field).toBe('file');
      expect(r.body.message).toContain('10 Mo');
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a file of exactly 10 MB is accepted', async () => {
      const head = pdf('limite');
      const exact = Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024 - head.length, 0x20)]);
      const r = await upload(asso, draftId, { itemCode: 'SITUATION', content: exact });
      expect(r.status).toBe(201);
      expect(r.body.documents.find((d) => d.itemCode === 'SITUATION')?.size).toBe(10 * 1024 * 1024);
    });

    it('PSP-3: an empty file or no file is refused', async () => {
      const before = await docCount();
      const empty = await upload(asso, draftId, { itemCode: 'SITUATION', content: Buffer.alloc(0) });
      expect(empty.status).toBe(400);
      expect(empty.body.errors?.[0].field).toBe('file');
      const form = new FormData();
      form.append('itemCode', 'SITUATION');
      const none = await asso.post<Dto>(`/psp-requests/${draftId}/documents`, form);
      expect(none.status).toBe(400);
      expect(none.body.errors).toEqual([
        { field: 'file', message: 'Joignez un fichier (PDF, JPEG ou PNG).' },
      ]);
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a piece that is not on the checklist of the request is refused (400, field itemCode)', async () => {
      const before = await docCount();
      for (const itemCode of ['INCONNU', 'BILAN_ETAPE']) {
        const r = await upload(asso, draftId, { itemCode });
        expect(r.status).toBe(400);
        expect(r.body.errors).toEqual([
          {
            field: 'itemCode',
            message: `La pièce « ${itemCode} » ne fait pas partie de la liste des pièces de cette demande.`,
          },
        ]);
      }
      const badFormat = await upload(asso, draftId, { itemCode: 'pas-un-code' });
      expect(badFormat.status).toBe(400);
      expect(badFormat.body.errors?.[0]).toEqual({
        field: 'itemCode',
        message: 'La pièce attendue est invalide.',
      });
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: the proof of nationality needs an accepted type, the proof of address an issue date not in the future', async () => {
      const before = await docCount();
      const noType = await upload(asso, draftId, { itemCode: 'NATIONALITE' });
      expect(noType.status).toBe(400);
      expect(noType.body.errors?.[0].field).toBe('docType');
      expect(noType.body.errors?.[0].message).toContain('PASSEPORT');
      const wrongType = await upload(asso, draftId, { itemCode: 'NATIONALITE', docType: 'PERMIS_CONDUIRE' });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.errors?.[0].field).toBe('docType');
      const noDate = await upload(asso, draftId, { itemCode: 'DOMICILE' });
      expect(noDate.status).toBe(400);
      expect(noDate.body.errors?.[0].field).toBe('issueDate');
      const future = await upload(asso, draftId, { itemCode: 'DOMICILE', issueDate: addDays(today(), 1) });
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([
        { field: 'issueDate', message: "La date d'émission ne peut pas être dans le futur." },
      ]);
      const inverted = await upload(asso, draftId, {
        itemCode: 'NATIONALITE',
        docType: 'PASSEPORT',
        issueDate: '2024-01-01',
        expiryDate: '2023-01-01',
      });
      expect(inverted.status).toBe(400);
      expect(inverted.body.errors?.[0].field).toBe('expiryDate');
      expect(await docCount()).toBe(before);
    });

    it('PSP-3: a proof of address issued after the submission date completes an incomplete request', async () => {
      const draft = await createDraft(asso, fullDossier({ lastName: 'Tardive' }));
      await uploadAll(t, asso, draft.id, 'INITIAL', ['DOMICILE']);
      expect((await submit(asso, draft.id)).body.state).toBe('INCOMPLETE');
      const submittedOn = today();
      try {
        t.clock.setNow(parisNoon(addDays(submittedOn, 10)));
        // Sessions follow the clock: a jump of 10 days is a long idle time, hence a fresh login.
        const later = await t.login(DEMO.association);
        const r = await upload(later, draft.id, { itemCode: 'DOMICILE', issueDate: addDays(submittedOn, 5) });
        expect(r.status).toBe(201);
        expect(r.body.completeness.referenceDate).toBe(submittedOn);
        expect(r.body.completeness.items.find((i) => i.code === 'DOMICILE')?.status).toBe('PRESENT');
        expect(r.body.state).toBe('COMPLETE');
      } finally {
        t.clock.setNow(new Date());
      }
    });
  });

  describe('reads are audited (DP-2)', () => {
    it('DP-2: reading the dossier writes psp_request.read; downloading a document writes supporting_document.read', async () => {
      const req = await completeRequest(t, asso, { lastName: 'Lecture' });
      const president = await t.login(DEMO.president);
      for (const [client, email] of [
        [sec, DEMO.secretariat],
        [president, DEMO.president],
        [asso, DEMO.association],
      ] as const) {
        const before = (await auditRows(t, 'psp_request.read', req.id)).length;
        const r = await get(client, req.id);
        expect(r.status).toBe(200);
        expect(r.body.dossier.lastName).toBe('Lecture');
        const rows = await auditRows(t, 'psp_request.read', req.id);
        expect(rows).toHaveLength(before + 1);
        expect(rows[rows.length - 1].actor_user_id).toBe(await userId(t, email));
      }
      const content = pdf('contenu-à-télécharger');
      const up = await upload(asso, req.id, {
        itemCode: 'SITUATION',
        content,
        filename: 'situation sociale.pdf',
      });
      const doc = up.body.documents.find((d) => d.filename === 'situation sociale.pdf');
      expect(doc).toBeDefined();
      const res = await fetch(`${t.baseUrl}/psp-requests/${req.id}/documents/${doc?.id}/content`, {
        headers: {
          cookie: Object.entries(sec.cookies)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename*=UTF-8''situation%20sociale.pdf`,
      );
      const reads = await auditRows(t, 'supporting_document.read', req.id);
      expect(reads).toHaveLength(1);
      expect(reads[0].details).toEqual({ documentId: doc?.id });
      expect(reads[0].actor_user_id).toBe(await userId(t, DEMO.secretariat));
      const unknown = await sec.get<Dto>(`/psp-requests/${req.id}/documents/${req.id}/content`);
      expect(unknown.status).toBe(404);
      expect(await auditRows(t, 'supporting_document.read', req.id)).toHaveLength(1);
    });
  });

  describe('list (PSP-4 service measure)', () => {
    type Page = PageDto<PspRequestListItemDto>;
    const list = (c: TestClient, q: string) => c.get<Page>(`/psp-requests?${q}`);

    beforeAll(async () => {
      // The demo has no request of the CIDFF: the secretariat files one on its behalf, as psp-requests-filing does.
      const onBehalf = await createDraft(sec, fullDossier({ lastName: 'Déléguée' }), cidffId);
      await uploadAll(t, sec, onBehalf.id);
      expect((await submit(sec, onBehalf.id)).body.state).toBe('COMPLETE');
    });

    it('PSP-4: filters by state', async () => {
      const r = await list(sec, 'state=COMPLETE&pageSize=200');
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeGreaterThan(0);
      expect(r.body.items.every((i) => i.state === 'COMPLETE')).toBe(true);
      expect(r.body.total).toBe(await countRows(t, 'psp_request', `state = 'COMPLETE'`));
      const bad = await list(sec, 'state=PERDUE');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        errors: [{ field: 'state', message: "L'état demandé est invalide." }],
      });
    });

    it('PSP-4: filters by association; an association only ever sees its own', async () => {
      const r = await list(sec, `associationId=${cidffId}&pageSize=200`);
      expect(r.body.total).toBe(await countRows(t, 'psp_request', 'association_id = $1', [cidffId]));
      expect(r.body.total).toBeGreaterThan(0);
      expect(r.body.items.every((i) => i.associationId === cidffId && i.associationName === CIDFF)).toBe(
        true,
      );
      const own = await list(asso, `associationId=${cidffId}&pageSize=200`);
      expect(own.body.total).toBe(await countRows(t, 'psp_request', 'association_id = $1', [passerellesId]));
      expect(own.body.items.every((i) => i.associationId === passerellesId)).toBe(true);
    });

    it('PSP-4: minDaysWaiting finds the demo request complete for 40 days, whatever the time of day', async () => {
      const garnier = await demoRequestId(t, 'Garnier');
      try {
        // Early in the morning in Paris: the demo request was completed at 10:00, 40 calendar days ago.
        t.clock.setNow(new Date(`${today()}T05:30:00Z`));
        const early = await t.login(DEMO.secretariat);
        const r = await list(early, 'minDaysWaiting=40&pageSize=200');
        expect(r.status).toBe(200);
        const item = r.body.items.find((i) => i.id === garnier);
        expect(item).toMatchObject({ state: 'COMPLETE', daysWaiting: 40 });
        expect(
          r.body.items.every(
            (i) => (i.daysWaiting ?? -1) >= 40 && ['COMPLETE', 'ON_AGENDA'].includes(i.state),
          ),
        ).toBe(true);
        const later = await list(early, 'minDaysWaiting=41&pageSize=200');
        expect(later.body.items.map((i) => i.id)).not.toContain(garnier);
        // Every request waiting 3 days or more, and only those.
        const three = await list(early, 'minDaysWaiting=3&pageSize=200');
        const all = await list(early, 'pageSize=200');
        const expected = all.body.items
          .filter((i) => (i.daysWaiting ?? -1) >= 3)
          .map((i) => i.id)
          .sort();
        expect(three.body.items.map((i) => i.id).sort()).toEqual(expected);
        expect(expected.length).toBeGreaterThanOrEqual(3);
      } finally {
        t.clock.setNow(new Date());
      }
    });

    it('PSP-4: sorts by days waiting (longest first) and by reference, and pages', async () => {
      const waiting = await list(sec, 'state=COMPLETE&sort=daysWaiting&order=desc&pageSize=200');
      const days = waiting.body.items.map((i) => i.daysWaiting as number);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      expect(days[0]).toBe(40);

      const all = await list(sec, 'sort=reference&order=asc&pageSize=200');
      const refs = all.body.items.map((i) => i.reference);
      expect(refs).toEqual([...refs].sort());
      expect(all.body.total).toBe(await countRows(t, 'psp_request'));
      const p1 = await list(sec, 'sort=reference&order=asc&pageSize=5&page=1');
      const p2 = await list(sec, 'sort=reference&order=asc&pageSize=5&page=2');
      expect(p1.body).toMatchObject({ page: 1, pageSize: 5, total: all.body.total });
      expect(p1.body.items.map((i) => i.reference)).toEqual(refs.slice(0, 5));
      expect(p2.body.items.map((i) => i.reference)).toEqual(refs.slice(5, 10));
      const desc = await list(sec, 'sort=reference&order=desc&pageSize=3');
      expect(desc.body.items.map((i) => i.reference)).toEqual([...refs].reverse().slice(0, 3));
      const past = await list(sec, 'pageSize=200&page=50');
      expect(past.body.items).toEqual([]);
    });

    it('DP-2: the list carries no identity', async () => {
      const r = await list(sec, 'pageSize=200');
      expect(JSON.stringify(r.body)).not.toMatch(/Garnier|Mélanie|Okafor|lastName|birthDate/);
    });
  });

  describe('references (DP-2)', () => {
    it('DP-2: references follow PSP-86-<year>-NNNN, one sequence per year, and are unique even when filed at once', async () => {
      const year = today().slice(0, 4);
      const created = await Promise.all(
        Array.from({ length: 6 }, () => createDraft(asso, { lastName: 'Simultanée' })),
      );
      const refs: { reference: string }[] = await t.ds.query(`SELECT reference FROM psp_request`);
      const all = refs.map((r) => r.reference);
      expect(new Set(all).size).toBe(all.length);
      for (const ref of all) expect(ref).toMatch(new RegExp(`^PSP-86-${year}-\\d{4}$`));
      const numbers = all.map((r) => Number(r.slice(-4))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const mine = created.map((c) => Number(c.reference.slice(-4))).sort((a, b) => a - b);
      expect(mine[mine.length - 1] - mine[0]).toBe(5);
    });
  });
});
