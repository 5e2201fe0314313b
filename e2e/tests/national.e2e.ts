import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  expectNoViolations,
  launchBrowser,
  loginWith,
  newPage,
  pageReady,
} from '../support/browser';

/** TENANT-1: the national accounts and an account of the other demo département. */
const SUPERVISION = 'supervision@demo.cdlp.fr';
const NATIONAL_ADMIN = 'admin.national@demo.cdlp.fr';
const SECRETARIAT_79 = 'secretariat.79@demo.cdlp.fr';

const navLabels = async (page: Page) =>
  (await page.locator('nav.fr-nav .fr-nav__link').allTextContents()).map((t) => t.trim());
const tagline = async (page: Page) =>
  ((await page.locator('.fr-header__service-tagline').first().textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .trim();

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await pageReady(page);
}

describe('the national instance in the browser (TENANT-1)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('the national supervision', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await newPage(browser));
      await loginWith(page, SUPERVISION, DEMO_PASSWORD);
    });

    afterAll(async () => {
      await context?.close();
    });

    it('TENANT-1: has a national header, navigation and dashboard, without any département', async () => {
      await pageReady(page);
      expect(await tagline(page)).toBe('Niveau national - Anne Supervision, Supervision nationale');
      expect(await navLabels(page)).toEqual([
        'Tableau de bord',
        'Statistiques nationales',
        'Vérifier un document',
      ]);
      await page.getByRole('heading', { level: 2, name: /^Chiffres nationaux \d{4}$/ }).waitFor();
      await page.getByText(/Délai médian complète → avis \(PSP-4\)/).waitFor();
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain('au niveau national');
      expect(main).not.toMatch(/CDLP de|Vienne|Deux-Sèvres|Prochaines séances/);
      await expectNoViolations(page, 'the supervision dashboard');
    });

    it('TENANT-1, PSP-4: reads the statistics of every département, « < 5 » explained, sorts them and draws a chart', async () => {
      await page.getByRole('link', { name: 'Statistiques nationales', exact: true }).first().click();
      await page.waitForURL((url) => url.pathname === '/national/statistiques');
      await page.locator('#table-statistiques tbody tr').first().waitFor();
      await pageReady(page);
      expect(await page.title()).toBe('Statistiques nationales - Portail CDLP');
      const rows = page.locator('#table-statistiques tbody th[scope=row]');
      expect((await rows.allTextContents()).map((t) => t.trim())).toEqual(['79 Deux-Sèvres', '86 Vienne']);
      expect(await page.locator('#table-statistiques tfoot th').textContent()).toContain('Total national');
      // The demo's Deux-Sèvres has 1 to 4 first requests in the year: hidden, and the note says why.
      expect(await page.locator('#table-statistiques .cdlp-hidden-figure').count()).toBeGreaterThan(0);
      await page.getByText('Protection des chiffres').waitFor();
      expect(await page.locator('.fr-alert--info').textContent()).toContain('« < 5 »');
      await page.locator('svg.cdlp-bar-chart[role=img]').waitFor();
      expect(await page.locator('#graphique-titre').textContent()).toContain('PSP-4');
      await expectNoViolations(page, 'the national statistics');

      await page.getByRole('link', { name: 'Trier par parcours en cours, ordre croissant' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'activePathways');
      await page.locator('#table-statistiques th[aria-sort=ascending]').waitFor();
      expect(await page.locator('#table-statistiques th[aria-sort]').textContent()).toContain('En cours');

      await page.getByLabel('Chiffre représenté par le graphique').selectOption('activePathways');
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.waitForURL((url) => url.searchParams.get('graphique') === 'activePathways');
      await page.getByRole('heading', { level: 2, name: 'Graphique : Parcours en cours' }).waitFor();
      await pageReady(page);
      await expectNoViolations(page, 'the national statistics sorted, another chart');
    });

    it('TENANT-1: changes the year and downloads the statistics as a workbook', async () => {
      const year = Number(new URL(page.url()).searchParams.get('annee') ?? new Date().getFullYear());
      await page.getByLabel('Année', { exact: true }).selectOption(String(year - 1));
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.waitForURL((url) => url.searchParams.get('annee') === String(year - 1));
      await page.getByText(`Statistiques ${year - 1} : 2 départements.`).waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#export-statistiques').click(),
      ]);
      expect(download.suggestedFilename()).toBe(`statistiques-nationales-${year - 1}.xlsx`);
      const path = await download.path();
      expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
    });

    it('TENANT-1: is refused the départements administration and every département page, keeps its account', async () => {
      for (const path of ['/national/departements', '/membres', '/demandes', '/seances']) {
        await open(page, path);
        expect({ path, url: new URL(page.url()).pathname }).toEqual({ path, url: '/acces-refuse' });
      }
      expect(await page.locator('main').textContent()).toContain(
        'Un compte national ne donne accès à aucun dossier',
      );
      await expectNoViolations(page, 'access denied for a national account');
      await open(page, '/mon-compte');
      expect(await page.locator('.cdlp-details').textContent()).toContain('Aucun : compte national');
      await expectNoViolations(page, 'the supervision account page');
    });
  });

  describe('the national administration', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await newPage(browser));
      await loginWith(page, NATIONAL_ADMIN, DEMO_PASSWORD);
    });

    afterAll(async () => {
      await context?.close();
    });

    it('TENANT-1: has the national navigation and the départements on its dashboard', async () => {
      await pageReady(page);
      expect(await tagline(page)).toBe('Niveau national - Hugo National, Administration nationale');
      expect(await navLabels(page)).toEqual([
        'Tableau de bord',
        'Statistiques nationales',
        'Départements',
        'Vérifier un document',
      ]);
      await page.getByText('2 départements ouverts sur 2').waitFor();
      await expectNoViolations(page, 'the national administration dashboard');
      await open(page, '/national/statistiques');
      await page.locator('#table-statistiques').waitFor();
      await expectNoViolations(page, 'the statistics of the national administration');
    });

    it('TENANT-1: lists the départements with their account counts', async () => {
      await open(page, '/national/departements');
      const rows = page.locator('#table-departements tbody tr');
      await rows.first().waitFor();
      const text = await rows.allTextContents();
      expect(text).toHaveLength(2);
      expect(text[0]).toContain('Deux-Sèvres');
      expect(text[0]).toContain('Niort');
      expect(text[1]).toContain('CDLP de la Vienne');
      expect(text.join(' ')).not.toContain('@');
      await expectNoViolations(page, 'the départements list');
    });

    it('TENANT-1: opens a département with its first secretariat account, showing the API’s French errors first', async () => {
      await open(page, '/national/departements/nouveau');
      await page.getByRole('button', { name: 'Ouvrir le département' }).click();
      await page.getByText('Le champ « Nom du département » est obligatoire.').waitFor();
      await expectNoViolations(page, 'the opening form with its errors');

      // An open département: the API refuses it (409), in French.
      await page.getByLabel('Code du département').fill('79');
      await page.getByLabel('Nom du département').fill('Deux-Sèvres');
      await page.getByLabel('Préfecture').fill('Niort');
      await page.getByLabel('Adresse électronique').fill('ddfe.corse@e2e.example.fr');
      await page.getByLabel('Prénom').fill('Lucia');
      await page.getByLabel('Nom', { exact: true }).fill('Santoni');
      await page.getByRole('button', { name: 'Ouvrir le département' }).click();
      await page.getByText('Le département 79 est déjà ouvert sur le portail.').waitFor();

      await page.getByLabel('Code du département').fill('2A');
      await page.getByLabel('Nom du département').fill('Corse-du-Sud');
      await page.getByLabel('Préfecture').fill('Ajaccio');
      expect(await page.getByLabel('Nom d’expéditeur des courriels').inputValue()).toBe(
        'CDLP de la Corse-du-Sud',
      );
      await page.getByRole('button', { name: 'Ouvrir le département' }).click();
      await page.waitForURL((url) => url.pathname === '/national/departements/2A');
      await page.getByRole('heading', { level: 1, name: '2A Corse-du-Sud' }).waitFor();
      await page.getByText('Le département 2A Corse-du-Sud est ouvert.').waitFor();
      expect(await page.locator('main').textContent()).toContain('1 compte');
      await pageReady(page);
      await expectNoViolations(page, 'a département’s page');
    });

    it('TENANT-1: changes the département', async () => {
      await page.getByRole('link', { name: 'Modifier' }).click();
      await page.waitForURL((url) => url.pathname === '/national/departements/2A/modifier');
      await page.getByLabel('Préfecture').waitFor();
      await pageReady(page);
      expect(await page.getByLabel('Préfecture').inputValue()).toBe('Ajaccio');
      await expectNoViolations(page, 'the change form');
      await page.getByLabel('Nom d’expéditeur des courriels').fill('Commission "2A"');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByText('Le nom d’expéditeur ne peut contenir ni guillemets').waitFor();
      await page.getByLabel('Nom d’expéditeur des courriels').fill('CDLP de Corse-du-Sud');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.waitForURL((url) => url.pathname === '/national/departements/2A');
      await page.getByText('Les modifications ont été enregistrées.').waitFor();
      expect(await page.locator('.cdlp-details').textContent()).toContain('CDLP de Corse-du-Sud');
    });

    it('TENANT-1: closes it after a confirmation that explains the consequences, then reopens it', async () => {
      await page.getByRole('button', { name: 'Fermer le département' }).click();
      const panel = page.locator('#confirmation-etat');
      await panel.waitFor();
      const text = (await panel.textContent()) ?? '';
      expect(text).toContain('ne peuvent plus se connecter');
      expect(text).toContain('ses traitements automatiques s’arrêtent');
      await expectNoViolations(page, 'the closing confirmation');
      await page.getByRole('button', { name: 'Confirmer la fermeture' }).click();
      await page.getByText('Le département 2A est fermé').waitFor();
      await page.getByRole('button', { name: 'Rouvrir le département' }).click();
      await page.getByRole('button', { name: 'Confirmer la réouverture' }).click();
      await page.getByText('Le département 2A est rouvert').waitFor();
      await expectNoViolations(page, 'a reopened département');
    });
  });

  describe('an account of the Deux-Sèvres', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await newPage(browser));
      await loginWith(page, SECRETARIAT_79, DEMO_PASSWORD);
    });

    afterAll(async () => {
      await context?.close();
    });

    it('TENANT-1: sees its département’s commission in the header and on its dashboard, and no national section', async () => {
      await pageReady(page);
      // The demo's people of the Deux-Sèvres are the Vienne's names recombined.
      expect(await tagline(page)).toMatch(/^CDLP des Deux-Sèvres - Sophie [^,]+, Secrétariat \(DDFE\)$/);
      const nav = await navLabels(page);
      expect(nav).toContain('Demandes');
      expect(nav).not.toContain('Statistiques nationales');
      expect(nav).not.toContain('Départements');
      expect(await page.locator('main').textContent()).toContain('CDLP des Deux-Sèvres (79)');
      await expectNoViolations(page, 'the 79 secretariat dashboard');
    });

    it('TENANT-1: is refused the national pages', async () => {
      for (const path of ['/national/statistiques', '/national/departements', '/national/departements/79']) {
        await open(page, path);
        expect({ path, url: new URL(page.url()).pathname }).toEqual({ path, url: '/acces-refuse' });
      }
      await open(page, '/mon-compte');
      expect(await page.locator('.cdlp-details').textContent()).toContain('CDLP des Deux-Sèvres (79)');
      await expectNoViolations(page, 'the 79 account page');
    });
  });
});
