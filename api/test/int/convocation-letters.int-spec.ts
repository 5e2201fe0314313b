import type { ConvocationLetterDto, ConvocationProgressDto, MemberDto, SittingDto } from '@cdlp/shared';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { LETTERS_PRODUCED } from '../../src/convocation-letters/convocation-letters.service';
import {
  convene,
  createSitting,
  dayFromNow,
  memberId,
  pdfText,
  sittingBody,
  sittingMails,
} from '../sitting-fixtures';
import { memberBody } from '../fixtures';
import { TestSmtp, startSmtp } from '../smtp';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

const POSTAL_ADDRESS = 'ARS — délégation de la Vienne\n4 rue Micheline Ostermeyer\n86021 Poitiers Cedex';

/** Names of the people of the demo dossiers (DP-2: never in a convocation). */
const DOSSIER_NAMES = [
  'Diallo',
  'Okafor',
  'Popescu',
  'Garnier',
  'Mensah',
  'Lin Wei',
  'Lopes',
  'Camara',
  'Kovalenko',
  'Nkemelu',
  'Haddou',
];

describe('printed convocations and sending progress (CONV-1, MEMB-1, DP-2)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let sec: TestClient;
  let sitting: SittingDto;
  let titulaire: string;
  let suppleant: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    sec = await t.login(DEMO.secretariat);
    // A titulaire and a suppléant registered without an e-mail address (a blank one counts as none).
    const service = {
      categoryCode: 'ETAT_SANTE',
      organisation: 'ARS Nouvelle-Aquitaine — délégation de la Vienne',
    };
    const created = await sec.post<MemberDto>(
      '/members',
      memberBody({
        ...service,
        firstName: 'Odette',
        lastName: 'Courrier',
        email: '',
        postalAddress: POSTAL_ADDRESS,
        termStart: dayFromNow(t, -30),
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: null, postalAddress: POSTAL_ADDRESS });
    titulaire = created.body.id;
    const substitute = await sec.post<MemberDto>(
      '/members',
      memberBody({
        ...service,
        civility: 'M',
        firstName: 'Paul',
        lastName: 'Postal',
        email: ' ',
        seat: 'SUPPLEANT',
        titulaireId: titulaire,
        termStart: dayFromNow(t, -30),
      }),
    );
    expect(substitute.status).toBe(201);
    expect(substitute.body).toMatchObject({ email: null, postalAddress: null });
    suppleant = substitute.body.id;
    sitting = await createSitting(sec, sittingBody('EXAMINATION', dayFromNow(t, 10)));
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  async function download(body: {
    memberId?: string;
  }): Promise<{ status: number; type: string | null; disposition: string | null; pdf: Buffer }> {
    const res = await fetch(`${t.baseUrl}/sittings/${sitting.id}/convocation/letters.pdf`, {
      method: 'POST',
      headers: {
        cookie: Object.entries(sec.cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        'x-csrf-token': sec.csrf ?? '',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      pdf: Buffer.from(await res.arrayBuffer()),
    };
  }

  it('CONV-1: before the convocation nobody is listed, and no letter can be produced (409)', async () => {
    expect(
      (await sec.get<ConvocationLetterDto[]>(`/sittings/${sitting.id}/convocation/letters`)).body,
    ).toEqual([]);
    expect((await download({})).status).toBe(409);
  });

  it('CONV-1: members without an e-mail address get no message; the convocation counts them as letters (audit)', async () => {
    sitting = await convene(sec, sitting.id);
    const mails = await sittingMails(t, sitting.id);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => m.recipient.trim().length > 0)).toBe(true);
    const row = sitting.members.find((m) => m.memberId === titulaire);
    expect(row?.convocationMessageId).toBeNull();
    const audit: { details: Record<string, unknown> }[] = await t.ds.query(
      `SELECT details FROM audit_event WHERE action = 'sitting.convened' AND entity_id = $1`,
      [sitting.id],
    );
    expect(audit[0].details).toMatchObject({ letters: 2, rule: 'CONV-2' });
  });

  it('CONV-1, MEMB-1: the secretariat sees the titulaire and the suppléant (for information) to convene by letter', async () => {
    const r = await sec.get<ConvocationLetterDto[]>(`/sittings/${sitting.id}/convocation/letters`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { memberId: titulaire, name: 'Mme Odette Courrier', forInformationOf: null, producedAt: null },
      {
        memberId: suppleant,
        name: 'M. Paul Postal',
        forInformationOf: 'Mme Odette Courrier',
        producedAt: null,
      },
    ]);
  });

  it('CONV-1: the sending progress counts the queued and sent messages from the outbox until done', async () => {
    const before = await sec.get<ConvocationProgressDto>(`/sittings/${sitting.id}/convocation/progress`);
    const total = (await sittingMails(t, sitting.id)).length;
    expect(before.body).toEqual({ queued: total, sent: 0, failed: 0, total, letters: 2, done: false });
    const worker = t.app.get(OutboxWorker);
    for (let i = 0; i < 10; i++) if ((await worker.processDue()) === 0) break;
    const after = await sec.get<ConvocationProgressDto>(`/sittings/${sitting.id}/convocation/progress`);
    expect(after.body).toEqual({ queued: 0, sent: total, failed: 0, total, letters: 2, done: true });
  });

  it('CONV-1: all letters in one PDF with the préfecture, each addressee, the agenda and the mandate form; recorded in the sitting', async () => {
    const r = await download({});
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/pdf');
    expect(r.disposition).toContain(`convocation-courrier-seance-${sitting.number}.pdf`);
    const text = pdfText(r.pdf);
    expect(text).toContain('RÉPUBLIQUE');
    expect(text).toContain('Préfecture de la Vienne');
    expect(text).toContain('Mme Odette Courrier');
    expect(text).toContain('Chargée de mission, ARS Nouvelle-Aquitaine');
    // The registry's postal address, line by line, in the addressee block.
    for (const line of POSTAL_ADDRESS.split('\n')) expect(text).toContain(line);
    expect(text).toContain('M. Paul Postal');
    expect(text).toContain('suppléant(e) de Mme Odette Courrier (MEMB-1)');
    expect(text).toContain(`Convocation à la séance n° ${sitting.number}`);
    expect(text).toContain('Ordre du jour');
    for (const item of sitting.agenda.filter((i) => !i.removed))
      expect(text).toContain(item.reference ?? item.title);
    expect(text).toMatch(/Poitiers, le \d{1,2}/);
    expect(text).toContain('MAND-1');
    expect(text).toContain('donne pouvoir à');
    // DP-2: pseudonymous references only.
    for (const name of DOSSIER_NAMES) expect(text).not.toContain(name);
    const audit: { details: Record<string, unknown> }[] = await t.ds.query(
      `SELECT details FROM audit_event WHERE action = $1 AND entity_type = 'sitting' AND entity_id = $2`,
      [LETTERS_PRODUCED, sitting.id],
    );
    expect(audit.map((a) => a.details)).toEqual([
      { memberIds: [titulaire, suppleant], letters: 2, rule: 'CONV-1' },
    ]);
    const listed = await sec.get<ConvocationLetterDto[]>(`/sittings/${sitting.id}/convocation/letters`);
    expect(listed.body.every((l) => l.producedAt !== null)).toBe(true);
  });

  it('CONV-1: one member’s letter alone; a member convened by e-mail has none (404, nothing recorded)', async () => {
    const one = await download({ memberId: titulaire });
    expect(one.status).toBe(200);
    expect(one.disposition).toContain(`convocation-courrier-seance-${sitting.number}-courrier.pdf`);
    const text = pdfText(one.pdf);
    expect(text).toContain('Mme Odette Courrier');
    expect(text).toContain('86021 Poitiers Cedex');
    expect(text).not.toContain('Paul Postal');
    const count = async () =>
      (
        (await t.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND entity_id = $2`, [
          LETTERS_PRODUCED,
          sitting.id,
        ])) as { n: number }[]
      )[0].n;
    expect(await count()).toBe(2);
    const other = await download({ memberId: await memberId(t, 'ddfe') });
    expect(other.status).toBe(404);
    expect((await download({ memberId: 'not-an-id' })).status).toBe(400);
    expect(await count()).toBe(2);
  });

  it('CONV-1: re-sending by e-mail to a member without an address is refused (409)', async () => {
    const r = await sec.post<{ message: string }>(`/sittings/${sitting.id}/convocation/resend`, {
      memberId: titulaire,
    });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('convocation par courrier');
  });

  it('CONV-1: a member without an e-mail address cannot be given a portal account (400 on email)', async () => {
    const admin = await t.login(DEMO.admin);
    const r = await admin.post<{ errors: { field: string; message: string }[] }>('/users', {
      email: 'odette.courrier@example.fr',
      firstName: 'Odette',
      lastName: 'Courrier',
      role: 'MEMBER',
      memberId: titulaire,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toContainEqual({
      field: 'email',
      message:
        "Ce membre n'a pas d'adresse électronique : renseignez-la dans sa fiche avant de l'inviter sur le portail.",
    });
    const accounts: unknown[] = await t.ds.query(`SELECT 1 FROM app_user WHERE member_id = $1`, [titulaire]);
    expect(accounts).toHaveLength(0);
  });
});
