import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailSenderDto, SigningCertificateDto } from '@cdlp/shared';
import { UserEntity } from '../../src/core/auth/user.entity';
import { OutboxMessageEntity } from '../../src/core/outbox/outbox-message.entity';
import { OutboxWorker } from '../../src/core/outbox/outbox.worker';
import { createSelfSignedP12 } from '../../src/core/signing/p12';
import { DocumentsService } from '../../src/documents/documents.service';
import { demoPdf } from '../../src/demo/demo-psp';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';
import { departementAccounts } from '../route-matrix';
import { poppler } from '../signed-documents-fixtures';

interface ErrorBody {
  message: string;
  errors?: { field: string; message: string }[];
}

/** Signs a small PDF as the département's president and returns the signer's common name, as pdfsig reads it. */
async function signedCommonName(t: TestApp, departement: string): Promise<string> {
  const pdf = await t.inScope(departement, async (m) => {
    const president = await m.getRepository(UserEntity).findOneByOrFail({ email: departementAccounts(departement).PRESIDENT });
    const docs = t.app.get(DocumentsService);
    const doc = await docs.sign(m, {
      kind: 'MINUTES',
      subjectId: randomUUID(),
      title: `Document signé (${departement})`,
      signer: president,
      render: async () => demoPdf(`Document du département ${departement}`),
    });
    return (await docs.content(m, doc.id)).content;
  });
  const sig = poppler('pdfsig', pdf);
  expect(sig.out).toContain('Signature Validation: Signature is Valid.');
  return /Signer Certificate Common Name: (.*)/.exec(sig.out)?.[1] ?? '';
}

const p12Form = (p12: Buffer | null, password: string | null) => {
  const form = new FormData();
  if (password !== null) form.append('password', password);
  if (p12) form.append('file', new Blob([p12], { type: 'application/x-pkcs12' }), 'prefet.p12');
  return form;
};

const DAY = 86_400_000;

describe('SIG-1: the signing certificate of each département', () => {
  let t: TestApp;
  let admin86: TestClient;
  let admin79: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    admin86 = await t.login(DEMO.admin);
    admin79 = await t.login(departementAccounts('79').ADMIN);
  });

  afterAll(async () => {
    await t.close();
  });

  it('SIG-1: in demo mode each département signs with its own demo certificate, naming its préfecture, created on first use and kept encrypted', async () => {
    const before = await admin86.get<SigningCertificateDto>('/departement-settings/signing-certificate');
    expect(before.body).toEqual({ source: 'DEMO', subject: null, validFrom: null, validTo: null, uploadedAt: null, uploadedByName: null });
    expect(await signedCommonName(t, '86')).toBe('Prefecture 86 Vienne - certificat de demonstration');
    expect(await signedCommonName(t, '79')).toBe('Prefecture 79 Deux-Sevres - certificat de demonstration');
    // The same certificate signs again (kept, not recreated).
    expect(await signedCommonName(t, '86')).toBe('Prefecture 86 Vienne - certificat de demonstration');
    const rows: { departement_code: string; demo: boolean; head: string; subject: string }[] = await t.ownerDs.query(
      `SELECT departement_code, demo, encode(substr(p12_enc, 1, 1), 'hex') AS head, subject FROM departement_signing_certificate ORDER BY 1`,
    );
    expect(rows.map((r) => [r.departement_code, r.demo, r.head])).toEqual([
      ['79', true, '01'],
      ['86', true, '01'],
    ]);
    expect(rows[1].subject).toBe('CN=Prefecture 86 Vienne - certificat de demonstration, O=Prefecture de Poitiers - demonstration, sans valeur legale, L=Poitiers, C=FR');
    const shown = await admin86.get<SigningCertificateDto>('/departement-settings/signing-certificate');
    expect(shown.body).toMatchObject({ source: 'DEMO', subject: rows[1].subject, uploadedAt: null });
    expect(Object.keys(shown.body).sort()).toEqual(['source', 'subject', 'uploadedAt', 'uploadedByName', 'validFrom', 'validTo']);
  });

  it('SIG-1: an administrator uploads the préfet’s PKCS#12; the département signs with it, the other keeps its own; the key never comes back', async () => {
    const { p12, password } = createSelfSignedP12({
      attributes: [
        { name: 'commonName', value: 'Prefete de la Vienne (test)' },
        { name: 'organizationName', value: 'Prefecture de la Vienne' },
        { name: 'countryName', value: 'FR' },
      ],
      notAfter: new Date(Date.now() + 400 * DAY),
    });
    const r = await admin86.request<SigningCertificateDto>('PUT', '/departement-settings/signing-certificate', p12Form(p12, password));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      source: 'DEPARTEMENT',
      subject: 'CN=Prefete de la Vienne (test), O=Prefecture de la Vienne, C=FR',
      uploadedByName: 'Paul Admin',
    });
    expect(new Date(r.body.validTo ?? '').getTime()).toBeGreaterThan(Date.now() + 399 * DAY);
    expect(JSON.stringify(r.body)).not.toContain(password);
    expect(await signedCommonName(t, '86')).toBe('Prefete de la Vienne (test)');
    expect(await signedCommonName(t, '79')).toBe('Prefecture 79 Deux-Sevres - certificat de demonstration');
    const other = await admin79.get<SigningCertificateDto>('/departement-settings/signing-certificate');
    expect(other.body.source).toBe('DEMO');
    // Stored encrypted: neither the file nor the password appear in clear.
    const [row]: { p12: Buffer; pw: Buffer; demo: boolean; uploaded_by: string }[] = await t.ownerDs.query(
      `SELECT p12_enc AS p12, password_enc AS pw, demo, uploaded_by FROM departement_signing_certificate WHERE departement_code = '86'`,
    );
    expect(row.demo).toBe(false);
    expect(row.p12.includes(p12.subarray(0, 64))).toBe(false);
    expect(row.pw.includes(Buffer.from(password))).toBe(false);
    const audits: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE departement_code = '86' AND action = 'departement.signing_certificate_uploaded'`,
    );
    expect(audits[0].n).toBe(1);
  });

  it('SIG-1: a file that cannot sign is refused with a French message naming the field, and the certificate in place is kept', async () => {
    const cn = [{ name: 'commonName', value: 'Refus' }];
    const valid = createSelfSignedP12({ attributes: cn });
    const cases: { label: string; form: FormData; field: string; message: RegExp }[] = [
      { label: 'no file', form: p12Form(null, 'x'), field: 'file', message: /^Fichier manquant/ },
      { label: 'no password', form: p12Form(valid.p12, null), field: 'password', message: /mot de passe du fichier PKCS#12 est obligatoire/ },
      { label: 'wrong password', form: p12Form(valid.p12, 'mauvais'), field: 'password', message: /^Mot de passe incorrect/ },
      { label: 'not a PKCS#12', form: p12Form(demoPdf('pas un certificat'), 'x'), field: 'file', message: /n’est pas un fichier PKCS#12/ },
      {
        label: 'expired',
        form: (() => {
          const c = createSelfSignedP12({ attributes: cn, notBefore: new Date(Date.now() - 800 * DAY), notAfter: new Date(Date.now() - DAY) });
          return p12Form(c.p12, c.password);
        })(),
        field: 'file',
        message: /^Ce certificat a expiré le \d+ \S+ \d{4}/,
      },
      {
        label: 'not yet valid',
        form: (() => {
          const c = createSelfSignedP12({ attributes: cn, notBefore: new Date(Date.now() + 10 * DAY), notAfter: new Date(Date.now() + 400 * DAY) });
          return p12Form(c.p12, c.password);
        })(),
        field: 'file',
        message: /n’est valide qu’à partir du/,
      },
      {
        label: 'certificate authority',
        form: (() => {
          const c = createSelfSignedP12({ attributes: cn, ca: true, keyUsage: { keyCertSign: true, digitalSignature: true } });
          return p12Form(c.p12, c.password);
        })(),
        field: 'file',
        message: /autorité de certification/,
      },
      {
        label: 'encryption only',
        form: (() => {
          const c = createSelfSignedP12({ attributes: cn, keyUsage: { keyEncipherment: true } });
          return p12Form(c.p12, c.password);
        })(),
        field: 'file',
        message: /usage de clé exclut la signature/,
      },
      {
        label: 'server certificate',
        form: (() => {
          const c = createSelfSignedP12({ attributes: cn, extKeyUsage: { serverAuth: true } });
          return p12Form(c.p12, c.password);
        })(),
        field: 'file',
        message: /réservé à un autre usage/,
      },
      { label: 'too large', form: p12Form(Buffer.alloc(600 * 1024, 1), 'x'), field: 'file', message: /trop volumineux/ },
    ];
    for (const c of cases) {
      const r = await admin86.request<ErrorBody>('PUT', '/departement-settings/signing-certificate', c.form);
      expect({ label: c.label, status: r.status, field: r.body.errors?.[0]?.field }).toEqual({ label: c.label, status: 400, field: c.field });
      expect({ label: c.label, matched: (r.body.errors ?? []).some((e) => e.field === c.field && c.message.test(e.message)) }).toEqual({
        label: c.label,
        matched: true,
      });
    }
    const kept = await admin86.get<SigningCertificateDto>('/departement-settings/signing-certificate');
    expect(kept.body.subject).toBe('CN=Prefete de la Vienne (test), O=Prefecture de la Vienne, C=FR');
  });

  it('SIG-1: removing the uploaded certificate goes back to the demo one; removing it again is a 404', async () => {
    const r = await admin86.delete<SigningCertificateDto>('/departement-settings/signing-certificate');
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('DEMO');
    expect(await signedCommonName(t, '86')).toBe('Prefecture 86 Vienne - certificat de demonstration');
    const again = await admin86.delete<ErrorBody>('/departement-settings/signing-certificate');
    expect(again.status).toBe(404);
    expect(again.body.message).toBe('Le département n’a pas de certificat de signature déposé.');
  });

  it('TENANT-1: an administrator reads and changes the sender name of its département’s e-mails; the outbox sends with it; the other département keeps its own', async () => {
    expect((await admin86.get<MailSenderDto>('/departement-settings/mail-sender')).body).toEqual({ mailSenderName: 'CDLP de la Vienne' });
    expect((await admin79.get<MailSenderDto>('/departement-settings/mail-sender')).body).toEqual({ mailSenderName: 'CDLP des Deux-Sèvres' });
    const r = await admin86.put<MailSenderDto>('/departement-settings/mail-sender', { mailSenderName: '  Commission de la Vienne  ' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ mailSenderName: 'Commission de la Vienne' });
    for (const bad of ['', 'CDLP <x@y>', 'Nom "cité"', 'Ligne\nsuivante', 'x'.repeat(101)]) {
      const refused = await admin86.put<ErrorBody>('/departement-settings/mail-sender', { mailSenderName: bad });
      expect({ bad, status: refused.status, field: refused.body.errors?.[0]?.field }).toEqual({ bad, status: 400, field: 'mailSenderName' });
    }
    // An e-mail of each département, sent by the outbox worker.
    await t.anon().post('/auth/password-reset/request', { email: DEMO.secretariat });
    await t.anon().post('/auth/password-reset/request', { email: departementAccounts('79').SECRETARIAT });
    const sent: { to: string; from: string }[] = [];
    const worker = t.app.get(OutboxWorker);
    worker.useTransport({ concurrency: 1, send: async (msg: OutboxMessageEntity, from: string) => void sent.push({ to: msg.recipient, from }), close: () => undefined });
    await worker.processDue(200);
    expect(sent.find((s) => s.to === DEMO.secretariat)?.from).toMatch(/^"Commission de la Vienne" </);
    expect(sent.find((s) => s.to === departementAccounts('79').SECRETARIAT)?.from).toMatch(/^"CDLP des Deux-Sèvres" </);
    const rows: { name: string }[] = await t.ownerDs.query(`SELECT mail_sender_name AS name FROM departement WHERE code = '79'`);
    expect(rows[0].name).toBe('CDLP des Deux-Sèvres');
    const audit: { n: number }[] = await t.ownerDs.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE departement_code = '86' AND action = 'departement.mail_sender_changed'`,
    );
    expect(audit[0].n).toBe(1);
  });
});

describe('SIG-1: the instance certificate (SIGNING_P12_PATH)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdlp-p12-'));
    const { p12, password } = createSelfSignedP12({ attributes: [{ name: 'commonName', value: 'Certificat de l instance' }, { name: 'countryName', value: 'FR' }] });
    writeFileSync(join(dir, 'instance.p12'), p12);
    t = await startTestApp({ env: { SIGNING_P12_PATH: join(dir, 'instance.p12'), SIGNING_P12_PASSWORD: password } });
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIG-1: a département without its own certificate signs with the instance’s (no demo certificate); an uploaded one comes first', async () => {
    const admin = await t.login(DEMO.admin);
    expect((await admin.get<SigningCertificateDto>('/departement-settings/signing-certificate')).body).toMatchObject({
      source: 'INSTANCE',
      subject: 'CN=Certificat de l instance, C=FR',
    });
    expect(await signedCommonName(t, '86')).toBe('Certificat de l instance');
    expect(await signedCommonName(t, '79')).toBe('Certificat de l instance');
    expect(await t.ownerDs.query(`SELECT 1 FROM departement_signing_certificate`)).toEqual([]);
    const own = createSelfSignedP12({ attributes: [{ name: 'commonName', value: 'Prefet des Deux-Sevres' }] });
    const admin79 = await t.login(departementAccounts('79').ADMIN);
    expect((await admin79.request('PUT', '/departement-settings/signing-certificate', p12Form(own.p12, own.password))).status).toBe(200);
    expect(await signedCommonName(t, '79')).toBe('Prefet des Deux-Sevres');
    expect(await signedCommonName(t, '86')).toBe('Certificat de l instance');
  });
});
