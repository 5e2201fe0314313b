import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, loginAs, newPage } from '../support/browser';

describe('members registry', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
    await loginAs(page, 'SECRETARIAT');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('lets the secretariat create a member through the form, then end the mandate', async () => {
    const suffix = Date.now().toString(36);
    const lastName = `Essai${suffix}`;

    await page.getByRole('link', { name: 'Membres', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Membres de la commission' }).waitFor();
    await page.getByRole('link', { name: 'Ajouter un membre' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un membre' }).waitFor();

    // DSFR radios are drawn by their label, which is what a person clicks.
    await page.locator('label[for=civility-0]').click();
    expect(await page.getByLabel('Mme', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Prénom').fill('Inès');
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Adresse électronique').fill(`ines.${suffix}@example.gouv.fr`);
    const category = page.getByLabel('Catégorie de membre');
    await category.locator('option').nth(1).waitFor({ state: 'attached' });
    await category.selectOption({ index: 1 });
    await page.getByLabel('Organisme').fill('Préfecture (test e2e)');
    await page.getByLabel('Fonction').fill('Chargée de mission');
    await page.getByLabel('Mode de désignation').selectOption('QUALIFIED_PERSON');
    await page.getByLabel("Référence de l'arrêté de nomination").fill(`AP E2E-${suffix}`);
    await page.getByLabel('Début du mandat').fill('2026-01-05');
    await page.getByRole('button', { name: 'Ajouter le membre' }).click();

    await page.waitForURL((url) => /^\/membres\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: `Mme Inès ${lastName}` }).waitFor();
    await page.getByText('a été ajouté(e) à la commission').waitFor();
    await page.getByText('En fonction', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Mettre fin au mandat' }).click();
    await page.getByLabel('Date de fin du mandat').fill('2026-06-30');
    await page.getByLabel('Motif').fill('Démission (test e2e)');
    await page.getByRole('button', { name: 'Confirmer la fin du mandat' }).click();

    await page.getByText(`Le mandat de Mme Inès ${lastName} a pris fin.`).waitFor();
    await page.getByText('Mandat terminé', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Mettre fin au mandat' }).count()).toBe(0);

    // The ended member is listed with the ended mandates, not with the active ones.
    await page.goto(`/membres?status=ended&search=${lastName}`);
    await page.getByRole('link', { name: `Mme Inès ${lastName}` }).waitFor();
    await page.goto(`/membres?status=active&search=${lastName}`);
    await page.getByText('Aucun membre ne correspond à votre recherche.').waitFor();
  });

  it('checks the required fields before sending anything and focuses the first one in error', async () => {
    await page.goto('/membres/nouveau');
    await page.getByRole('heading', { level: 1, name: 'Ajouter un membre' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter le membre' }).click();
    // Client-side checks first: nothing is sent while required fields are empty.
    await page.getByText('Le champ « Prénom » est obligatoire.').waitFor();
    const focusedInError = await page.evaluate(
      () =>
        !!document.activeElement?.closest(
          '.fr-fieldset--error, .fr-input-group--error, .fr-select-group--error',
        ),
    );
    expect(focusedInError).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/membres/nouveau');
  });
});
