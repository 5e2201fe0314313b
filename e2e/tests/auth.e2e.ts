import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  launchBrowser,
  loginAs,
  newPage,
  type DemoRole,
} from '../support/browser';

/** What each role must find on its dashboard: a tile only it (or a few) can use, its menu, its agenda. */
const DASHBOARD_EXPECTATIONS: Record<DemoRole, { tile: string; nav: string[]; agenda: string }> = {
  SECRETARIAT: {
    tile: 'Programmer une séance',
    nav: ['Tableau de bord', 'Demandes', 'Parcours', 'Séances', 'Membres', 'Associations', 'Courriels'],
    agenda: 'Prochaines séances',
  },
  PRESIDENT: {
    tile: "Journal d'audit",
    nav: ['Tableau de bord', 'Demandes', 'Parcours', 'Séances', 'Membres', 'Associations', "Journal d'audit"],
    agenda: 'Prochaines séances',
  },
  MEMBER: { tile: 'Séances', nav: ['Tableau de bord', 'Séances'], agenda: 'Mes prochaines séances' },
  ASSOCIATION: {
    tile: 'Mes demandes',
    nav: ['Tableau de bord', 'Demandes', 'Parcours'],
    agenda: 'Mes demandes en cours',
  },
  ADMIN: {
    tile: 'Comptes utilisateurs',
    nav: [
      'Tableau de bord',
      'Membres',
      'Associations',
      'Courriels',
      'Comptes utilisateurs',
      "Journal d'audit",
    ],
    agenda: 'Accès rapides',
  },
};

describe('authentication', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    ({ context, page } = await newPage(browser));
  });

  afterEach(async () => {
    await context?.close();
  });

  it.each(Object.keys(DEMO_ACCOUNTS) as DemoRole[])(
    'lets the %s demo account log in and see its dashboard',
    async (role) => {
      await loginAs(page, role);
      const expected = DASHBOARD_EXPECTATIONS[role];
      expect(await page.title()).toBe('Tableau de bord - Portail CDLP');
      await page.getByRole('link', { name: expected.tile, exact: true }).first().waitFor();
      const nav = await page.locator('nav.fr-nav .fr-nav__link').allTextContents();
      // The role's sections, in this order (other sections may sit between them).
      const labels = nav.map((t) => t.trim());
      expect(labels.filter((l) => expected.nav.includes(l))).toEqual(expected.nav);
      await page.getByRole('heading', { level: 2, name: expected.agenda, exact: true }).waitFor();
    },
  );

  it('redirects an anonymous visitor of /membres to the login page, then back after logging in', async () => {
    await page.goto('/membres');
    await page.waitForURL((url) => url.pathname === '/connexion');
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/membres');
    await page.getByLabel('Adresse électronique').fill(DEMO_ACCOUNTS.SECRETARIAT);
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/membres');
    await page.getByRole('heading', { level: 1, name: 'Membres de la commission' }).waitFor();
  });

  it('shows the API message when the password is wrong and stays on the login page', async () => {
    await page.goto('/connexion');
    await page.getByLabel('Adresse électronique').fill(DEMO_ACCOUNTS.MEMBER);
    await page.getByLabel('Mot de passe', { exact: true }).fill('not the right password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim().length).toBeGreaterThan(10);
    expect(new URL(page.url()).pathname).toBe('/connexion');
  });

  it('keeps a member out of the registry pages', async () => {
    await loginAs(page, 'MEMBER');
    await page.goto('/membres');
    await page.waitForURL((url) => url.pathname === '/acces-refuse');
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
  });

  it('logs out from the header and protects the dashboard again', async () => {
    await loginAs(page, 'PRESIDENT');
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.waitForURL((url) => url.pathname === '/connexion');
    await page.getByText('Vous êtes déconnecté(e).').waitFor();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/connexion');
  });
});
