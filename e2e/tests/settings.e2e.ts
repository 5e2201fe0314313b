import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { addDaysIso, parisNow } from '../support/paris';

/** A self-signed PKCS#12 naming a préfet, as the préfecture's certificate authority would deliver. */
function prefetP12(password: string): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  ) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 2 * 365 * 86_400_000);
  const attributes = [{ name: 'commonName', value: 'Prefet de la Vienne (e2e)' }];
  cert.setSubject(attributes);
  cert.setIssuer(attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

describe('settings screens (AFIS-1, PSP-3, COMP-4, SIG-1)', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const today = parisNow().date;

  async function as(role: 'SECRETARIAT' | 'ADMIN'): Promise<Page> {
    const { context, page } = await newPage(browser);
    contexts.push(context);
    await loginAs(page, role);
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  it('the secretariat schedules a new dated value of a parameter; a past date is refused', async () => {
    const page = await as('SECRETARIAT');
    await page.getByRole('link', { name: 'Paramètres', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Paramètres datés' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'paramètres');

    const label = 'Relance des membres sans réponse, avant la séance';
    await page.getByRole('button', { name: `Nouvelle valeur : ${label}` }).click();
    await page.getByRole('heading', { level: 2, name: label }).waitFor();
    await page.getByRole('table', { name: `Historique : ${label}` }).waitFor();
    await expectNoViolations(page, 'paramètre, nouvelle valeur');

    await page.getByLabel('Nouvelle valeur (jours)').fill('3');
    await page.getByLabel('Date d’effet').fill(addDaysIso(today, -1));
    await page.getByRole('button', { name: 'Enregistrer la valeur' }).click();
    await page.getByText('La date d’effet ne peut pas être passée').waitFor();

    await page.getByLabel('Date d’effet').fill(addDaysIso(today, 7));
    await page.getByRole('button', { name: 'Enregistrer la valeur' }).click();
    await page.getByText(`« ${label} » : 3 jours à partir du`).waitFor();
    const row = page.getByRole('row').filter({ hasText: label });
    await row.getByText('3 jours à partir du').waitFor();
  });

  it('the administrator puts a new version of a piece and adds a piece to the renewal checklist', async () => {
    const page = await as('ADMIN');
    await page.getByRole('link', { name: 'Pièces justificatives', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Pièces justificatives des demandes' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'pièces justificatives');

    await page
      .getByRole('button', {
        name: 'Historique de la pièce « Justificatif de domicile (ou de domiciliation) »',
      })
      .click();
    await page
      .getByRole('table', { name: 'Versions de la pièce « Justificatif de domicile (ou de domiciliation) »' })
      .waitFor();
    await page
      .getByRole('button', { name: 'Modifier la pièce « Justificatif de domicile (ou de domiciliation) »' })
      .click();
    await page.getByLabel('Libellé').fill('Justificatif de domicile de moins de 3 mois');
    await page.getByLabel('Ancienneté maximale, en mois').fill('3');
    await page.getByLabel('Date d’effet').fill(addDaysIso(today, 10));
    await expectNoViolations(page, 'pièce, nouvelle version');
    await page.getByRole('button', { name: 'Enregistrer la version' }).click();
    await page
      .getByText('La pièce « Justificatif de domicile de moins de 3 mois » s’applique à partir du')
      .waitFor();
    await page.getByText('« Justificatif de domicile de moins de 3 mois » à partir du').waitFor();

    await page.locator('label[for=kind-1]').click();
    await page.getByRole('table', { name: 'Pièces : Demande de renouvellement' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une pièce' }).click();
    await page.getByLabel('Libellé').fill('Attestation de suivi médical');
    await page.locator('label[for=required]').click();
    await page.getByRole('button', { name: 'Enregistrer la version' }).click();
    await page.getByText('La pièce « Attestation de suivi médical » s’applique à partir du').waitFor();
    await page.getByRole('row').filter({ hasText: 'Attestation de suivi médical' }).waitFor();
    await expectNoViolations(page, 'pièces du renouvellement');
  });

  it('COMP-4: the secretariat records the association a member represents, shown on the record', async () => {
    const page = await as('SECRETARIAT');
    await page.goto('/membres');
    await page.getByRole('heading', { level: 1, name: 'Membres de la commission' }).waitFor();
    await page.locator('tbody a').first().click();
    await page.waitForURL((url) => /^\/membres\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('link', { name: 'Modifier' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Modifier un membre' }).waitFor();
    const select = page.getByLabel('Association représentée');
    await select.locator('option').nth(1).waitFor({ state: 'attached' });
    const name = (await select.locator('option').nth(1).textContent())?.trim() ?? '';
    await select.selectOption({ index: 1 });
    await pageReady(page);
    await expectNoViolations(page, 'membre, association représentée');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.waitForURL((url) => /^\/membres\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('link', { name, exact: true }).waitFor();
    await page.getByText('Ne vote pas sur les dossiers de cette association (COMP-4).').waitFor();
    await expectNoViolations(page, 'fiche membre');
  });

  it('SIG-1: the administrator names the e-mails’ sender, uploads the préfet’s certificate and removes it', async () => {
    const page = await as('ADMIN');
    await page.getByRole('link', { name: 'Signature et courriels', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Signature et courriels du département' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'signature et courriels');

    await page.getByLabel('Nom d’expéditeur').fill('CDLP de la Vienne (e2e)');
    await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page.getByText('au nom de « CDLP de la Vienne (e2e) »').waitFor();

    // A file that is no PKCS#12: the API's French message, on the file field.
    await page.getByLabel('Fichier du certificat').setInputFiles({
      name: 'faux.p12',
      mimeType: 'application/x-pkcs12',
      buffer: Buffer.from('pas un certificat'),
    });
    await page.getByLabel('Mot de passe du fichier').fill('x');
    await page.getByRole('button', { name: 'Téléverser le certificat' }).click();
    await page.locator('#file-messages').getByText('n’est pas un fichier PKCS#12').waitFor();
    await expectNoViolations(page, 'certificat refusé');

    const password = 'mot-de-passe-e2e';
    await page.getByLabel('Fichier du certificat').setInputFiles({
      name: 'prefet.p12',
      mimeType: 'application/x-pkcs12',
      buffer: prefetP12(password),
    });
    await page.getByLabel('Mot de passe du fichier').fill(password);
    await page.getByRole('button', { name: 'Téléverser le certificat' }).click();
    await page.getByText('Le certificat du préfet a été enregistré').waitFor();
    await page.locator('#certificate-details').getByText('Prefet de la Vienne (e2e)').waitFor();

    await page.getByRole('button', { name: 'Retirer le certificat du département' }).click();
    await page.getByText('Le certificat du département a été retiré.').waitFor();
    expect(await page.locator('#certificate-details').textContent()).not.toContain(
      'Prefet de la Vienne (e2e)',
    );
    await expectNoViolations(page, 'certificat retiré');
  });
});
