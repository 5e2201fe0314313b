import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { tinyPdf, tinyPng } from '../support/files';
import { addDaysIso, parisNow } from '../support/paris';
import { axeViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';

/** The required pieces of an initial request (PSP-3), uploaded in this order; one is kept for later. */
const PIECES = [
  'FORMULAIRE_DEMANDE',
  'PROJET_PARCOURS',
  'EVALUATION_ASSOCIATION',
  'AGREMENT_ASSOCIATION',
  'ETAT_CIVIL',
  'NATIONALITE',
  'DOMICILE',
  'SITUATION',
] as const;
const KEPT_FOR_LATER = 'ATTESTATION_ARRET';

async function expectNoViolations(page: Page, where: string): Promise<void> {
  expect({ where, violations: await axeViolations(page) }).toEqual({ where, violations: [] });
}

/** Uploads one piece of the checklist through its form and waits until it is listed. */
async function upload(page: Page, code: string): Promise<void> {
  const item: Locator = page.locator(`#piece-${code}`);
  const today = parisNow().date;
  if (code === 'NATIONALITE') {
    await item
      .locator(`#fichier-${code}`)
      .setInputFiles({ name: 'passeport.png', mimeType: 'image/png', buffer: tinyPng() });
    await item.getByLabel('Type de document').selectOption('PASSEPORT');
    await item.getByLabel("Date d'émission").fill('2023-03-01');
    await item.getByLabel("Date d'expiration").fill(addDaysIso(today, 3 * 365));
  } else {
    await item.locator(`#fichier-${code}`).setInputFiles({
      name: `${code.toLowerCase()}.pdf`,
      mimeType: 'application/pdf',
      buffer: tinyPdf(code),
    });
    if (code === 'DOMICILE') await item.getByLabel("Date d'émission").fill(addDaysIso(today, -10));
  }
  await item.getByRole('button', { name: 'Envoyer la pièce' }).click();
  await item.locator('.fr-badge', { hasText: 'Fournie' }).waitFor();
}

describe('PSP requests', () => {
  let browser: Browser;
  let association: { context: BrowserContext; page: Page };
  let reference = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    association = await newPage(browser);
    await loginAs(association.page, 'ASSOCIATION');
  });

  afterAll(async () => {
    await association?.context.close();
    await browser?.close();
  });

  it('lets an association fill a request in steps (saved automatically), attach its pieces and file it until it is complete', async () => {
    const { page } = association;
    await page.getByRole('link', { name: 'Demandes', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'Mes demandes');
    await page.getByRole('link', { name: 'Nouvelle demande' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle demande de parcours de sortie' }).waitFor();
    expect(await page.title()).toBe('Nouvelle demande - Portail CDLP');

    // Step 1: identity. The first change creates the draft; the address becomes its edit page.
    await page.getByRole('heading', { name: /Identité de la personne/ }).waitFor();
    await page.locator('#lastName').fill('Essai');
    await page.getByText(/Brouillon enregistré à \d\d:\d\d/).waitFor();
    await page.waitForURL((url) => /^\/demandes\/[0-9a-f-]{36}\/modifier$/.test(url.pathname));
    await page.locator('#firstName').fill('Rita');
    await page.locator('#birthDate').fill('1998-05-04');
    await page.locator('#nationality').fill('Nigériane');
    await page.getByLabel('Zone géographique de la nationalité').selectOption('AFRIQUE');
    await page.locator('label[for=foreigner-0]').click();
    await expectNoViolations(page, 'étape 1');
    await page.getByRole('button', { name: 'Étape suivante' }).click();

    // Step 2: contact.
    await page.getByRole('heading', { name: /Coordonnées/ }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('etape-titre');
    await page.getByLabel('Téléphone').fill('06 11 22 33 44');
    await page.getByLabel('Adresse ou domiciliation').fill("Domiciliation à l'association");
    await expectNoViolations(page, 'étape 2');
    await page.getByRole('button', { name: 'Étape suivante' }).click();

    // Step 3: situation.
    await page
      .getByRole('heading', { name: /Situation/ })
      .first()
      .waitFor();
    await page.getByLabel("Nombre d'enfants à charge").fill('1');
    await page.getByLabel('Situation de logement').selectOption('HEBERGEMENT_URGENCE');
    await page.getByLabel('Situation administrative').selectOption('SANS_TITRE');
    await expectNoViolations(page, 'étape 3');
    await page.getByRole('button', { name: 'Étape suivante' }).click();

    // Step 4: the pathway project over the 8 pillars.
    await page.getByRole('heading', { name: /Projet de parcours/ }).waitFor();
    expect(await page.locator('fieldset.cdlp-pillar').count()).toBe(8);
    await page.getByLabel('Actions prévues - Santé').fill('Suivi médical et accompagnement psychologique.');
    await page.getByLabel('Engagements de la personne - Santé').fill('Se rendre aux rendez-vous.');
    await page.getByLabel('Actions prévues - Logement').fill('Orientation vers le SIAO.');
    await expectNoViolations(page, 'étape 4');
    await page.getByRole('button', { name: 'Étape suivante' }).click();

    // Step 5: the association's evaluation and opinion.
    await page.getByRole('heading', { name: /Évaluation et avis/ }).waitFor();
    await page
      .getByLabel("Évaluation de la situation et projet d'insertion")
      .fill("La personne a cessé l'activité et adhère au projet.");
    await page.locator('label[for=associationOpinion-0]').click();
    await expectNoViolations(page, 'étape 5');
    await page.getByRole('button', { name: 'Enregistrer et joindre les pièces' }).click();

    // The dossier: upload every required piece but one.
    await page.waitForURL((url) => /^\/demandes\/[0-9a-f-]{36}$/.test(url.pathname));
    const heading = page.getByRole('heading', { level: 1, name: /^Demande PSP-86-\d{4}-\d{4}$/ });
    await heading.waitFor();
    reference = ((await heading.textContent()) ?? '').replace('Demande ', '').trim();
    expect(await page.locator('#etat-demande').textContent()).toContain('Brouillon');
    for (const code of PIECES) await upload(page, code);
    await pageReady(page);
    await expectNoViolations(page, 'dossier');

    // Filing: the request is incomplete, the missing piece is listed.
    await page.getByRole('button', { name: 'Déposer la demande' }).click();
    await page.locator('#etat-demande', { hasText: 'Incomplète' }).waitFor();
    const missing = page.locator(`#piece-${KEPT_FOR_LATER}`);
    await missing.locator('.fr-badge', { hasText: 'Manquante' }).waitFor();
    expect(await missing.locator('.cdlp-item-message').textContent()).toContain('Pièce manquante');
    expect(await page.locator('#completude').textContent()).toContain('1 pièce');
    // PSP-3b: a complaint is never required.
    expect(await page.locator('#piece-PLAINTE').textContent()).toContain("Une plainte n'est jamais exigée");

    // The last piece makes it complete.
    await upload(page, KEPT_FOR_LATER);
    await page.locator('#etat-demande', { hasText: 'Complète' }).waitFor();
    await page.getByText(`la demande ${reference} est désormais complète`).waitFor();
    expect(await page.getByRole('button', { name: 'Déposer la demande' }).count()).toBe(0);
  });

  it('shows the complete request to the secretariat, filtered by state', async () => {
    expect(reference).not.toBe('');
    const { context, page } = await newPage(browser);
    try {
      await loginAs(page, 'SECRETARIAT');
      await page.goto('/demandes');
      await page.getByRole('heading', { level: 1, name: 'Demandes de parcours de sortie' }).waitFor();
      await page.getByLabel('État').selectOption('COMPLETE');
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'COMPLETE');
      const link = page.getByRole('link', { name: reference });
      await link.waitFor();
      const row = page.locator('tr', { has: link });
      expect(await row.textContent()).toContain('Complète');
      expect(await row.textContent()).toContain('Association Passerelles Vienne');
      // PSP-4: the waiting time counts from completion: the new request waits since today.
      expect(await row.textContent()).toContain("complète aujourd'hui");
      await page.goto('/demandes?state=COMPLETE&minDaysWaiting=1');
      await page.getByText(/demandes? trouvées?/).waitFor();
      expect(await page.getByRole('link', { name: reference }).count()).toBe(0);
      // The dossier shows the identity to the secretariat.
      await page.goto('/demandes?state=COMPLETE');
      await page.getByRole('link', { name: reference }).click();
      await page.getByRole('heading', { level: 1, name: `Demande ${reference}` }).waitFor();
      await page.getByText('Essai Rita').waitFor();
      await pageReady(page);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
