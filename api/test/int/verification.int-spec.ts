import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionDto } from '@cdlp/shared';
import { parisDate } from '@cdlp/shared';
import { runCli } from '../../src/cli/cli';
import { demoPdf } from '../../src/demo/demo-psp';
import {
  alterOneByte,
  downloadPdf,
  poppler,
  requestByName,
  sha256,
  verifyUpload,
} from '../signed-documents-fixtures';
import { DEMO, TestApp, TestClient, startTestApp } from '../test-app';

/**
 * SIG-2: anyone logged in, and the command line, can tell whether a PDF is a genuine,
 * unmodified document of the portal. The signed document is the préfet's decision on
 * Sandra Lopes's request (demo, favourable opinion).
 */
describe('verification: genuine, altered or unknown PDF, on the web and the command line (SIG-2)', () => {
  let t: TestApp;
  let member: TestClient;
  let dir: string;
  let signed: Buffer;
  let altered: Buffer;
  let docId = '';
  let title = '';

  /** `npm run cdlp -- pdf:verify <file>` against the suite's database. */
  async function cli(pdf: Buffer, name: string): Promise<{ code: number; out: string[]; err: string[] }> {
    const file = join(dir, name);
    writeFileSync(file, pdf);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['pdf:verify', file], t.config, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'cdlp-verify-'));
    const [sec, pres] = await Promise.all([t.login(DEMO.secretariat), t.login(DEMO.president)]);
    member = await t.login(DEMO.member);
    const lopes = await requestByName(t, 'Lopes');
    const prepared = await sec.put<DecisionDto>(`/psp-requests/${lopes.id}/decision`, {
      kind: 'AUTHORISED',
      reasons: "la personne s'engage dans le projet d'insertion ;",
      pathwayStartDate: parisDate(t.clock.now()),
    });
    if (prepared.status !== 200)
      throw new Error(`prepare: ${prepared.status} ${JSON.stringify(prepared.body)}`);
    const r = await pres.post<DecisionDto>(`/psp-requests/${lopes.id}/decision/sign`);
    if (r.status !== 200) throw new Error(`sign: ${r.status} ${JSON.stringify(r.body)}`);
    docId = r.body.signedDocumentId as string;
    title = `Décision du préfet — ${lopes.reference}`;
    signed = await downloadPdf(t, sec, `/documents/${docId}/content`);
    altered = alterOneByte(signed).altered;
  });

  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SIG-2: a signed PDF, as downloaded, is GENUINE: the answer names the document, its version and its signer', async () => {
    const r = await verifyUpload(member, signed);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'GENUINE',
      sha256: sha256(signed),
      document: {
        id: docId,
        kind: 'DECISION',
        version: 1,
        title,
        signerName: 'Claire Morvan',
        signerQuality: 'Préfète, Préfecture de la Vienne',
        supersededBy: null,
      },
    });
    expect(r.body.message).toMatch(
      new RegExp(
        `^Document authentique et non modifié : ${title}, version 1, signé par Claire Morvan \\(Préfète, Préfecture de la Vienne\\) le .+\\.$`,
      ),
    );
  });

  it('SIG-2: the command line says AUTHENTIQUE for the signed PDF, names the document and exits 0', async () => {
    const r = await cli(signed, 'decision.pdf');
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out[0]).toMatch(
      new RegExp(
        `^AUTHENTIQUE — Document authentique et non modifié : ${title}, version 1, signé par Claire Morvan`,
      ),
    );
    expect(r.out[1]).toBe(`SHA-256 : ${sha256(signed)}`);
  });

  it('SIG-2: one byte changed makes the PDF ALTERED on the web, naming the document it claims to be; pdfsig no longer validates it', async () => {
    expect(altered.length).toBe(signed.length);
    expect([...altered].filter((b, i) => b !== signed[i])).toHaveLength(1);
    const r = await verifyUpload(member, altered);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'ALTERED',
      sha256: sha256(altered),
      document: { id: docId, title },
    });
    expect(r.body.message).toContain(
      `Document ALTÉRÉ : ce fichier se présente comme « ${title} » (version 1`,
    );
    expect(r.body.message).toContain('Il a été modifié après la signature.');
    // SIG-1: a standard PDF tool sees it too.
    expect(poppler('pdfsig', signed).out).toContain('Signature is Valid');
    const sig = poppler('pdfsig', altered).out;
    expect(sig).not.toContain('Signature is Valid');
    expect(sig).toContain('Signature Validation: Digest Mismatch.');
  });

  it('SIG-2: the command line says ALTÉRÉ for the changed PDF and exits 1', async () => {
    const r = await cli(altered, 'decision-modifiee.pdf');
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(`ALTÉRÉ — Document ALTÉRÉ : ce fichier se présente comme « ${title} »`);
    expect(r.out).toEqual([`SHA-256 : ${sha256(altered)}`]);
  });

  it('SIG-2: a PDF that is not a document of the portal is UNKNOWN (web and command line, exit 1)', async () => {
    const other = demoPdf('Attestation sans rapport avec le portail');
    const r = await verifyUpload(member, other, 'autre.pdf');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'UNKNOWN',
      message: "Ce fichier n'est pas un document signé par le portail de la commission.",
      document: null,
      sha256: sha256(other),
    });
    const c = await cli(other, 'autre.pdf');
    expect(c.code).toBe(1);
    expect(c.err).toEqual([
      "INCONNU — Ce fichier n'est pas un document signé par le portail de la commission.",
    ]);
  });

  it('SIG-2: verification needs a session (401 anonymous) and a file (400); each check is written to the audit trail', async () => {
    const anon = await verifyUpload(t.anon(), signed);
    expect(anon.status).toBe(401);
    const none = await member.post<{ errors: { field: string }[] }>('/documents/verify', new FormData());
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e) => e.field)).toEqual(['file']);
    const audit: { status: string; entity_id: string | null }[] = await t.ds.query(
      `SELECT details->>'status' AS status, entity_id FROM audit_event WHERE action = 'document.verified' ORDER BY id`,
    );
    expect(audit.map((a) => a.status)).toEqual([
      'GENUINE',
      'GENUINE',
      'ALTERED',
      'ALTERED',
      'UNKNOWN',
      'UNKNOWN',
    ]);
    expect(audit[0].entity_id).toBe(docId);
  });
});
