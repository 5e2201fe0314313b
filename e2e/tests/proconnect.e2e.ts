import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, RunningApp, startApp, stopApp } from '../support/app-server';
import { expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { E2eProvider, startProvider } from '../support/proconnect';
import { screenshot } from '../support/screenshots';

/**
 * ProConnect in the browser: an administrator invites the secretariat's account, the agent clicks
 * the ProConnect button, signs in on the (test) provider's page and lands logged in; logging out
 * ends the provider session too. An unknown agent lands on the refusal page. Axe on both pages.
 */
const CLIENT = { id: 'cdlp-e2e', secret: 'secret-de-test-e2e-assez-long-0123456789' };
const SECRETARIAT = 'secretariat@demo.cdlp.fr';

describe('ProConnect login', () => {
  let provider: E2eProvider;
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    provider = await startProvider({
      appUrl,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      accounts: [
        { sub: 'e2e-sub-secretariat', email: SECRETARIAT, given_name: 'Sophie', usual_name: 'Lemaire' },
        { sub: 'e2e-sub-inconnu', email: 'agent.inconnu@interieur.gouv.fr' },
      ],
    });
    app = await startApp({
      port,
      env: {
        PROCONNECT_ISSUER: provider.issuer,
        PROCONNECT_CLIENT_ID: CLIENT.id,
        PROCONNECT_CLIENT_SECRET: CLIENT.secret,
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    if (app) await stopApp(app);
    await provider?.close();
  });

  beforeEach(async () => {
    ({ context, page } = await newPage(browser, app.baseUrl));
  });

  afterEach(async () => {
    await context?.close();
  });

  async function signInAtProvider(email: string): Promise<void> {
    await page.goto('/connexion');
    await pageReady(page);
    await page.getByRole('button', { name: 'S’identifier avec ProConnect' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer && url.pathname.startsWith('/interaction/'));
    await page.getByLabel('Adresse électronique professionnelle').fill(email);
    await page.getByRole('button', { name: 'Continuer' }).click();
  }

  it('an administrator invites the secretariat account from the users page', async () => {
    await loginAs(page, 'ADMIN');
    await page.goto('/administration/comptes');
    await pageReady(page);
    await page.getByRole('searchbox', { name: /^Rechercher/ }).fill(SECRETARIAT);
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    const row = page.locator('tbody tr', { hasText: SECRETARIAT });
    await row.getByText('Non invité').waitFor();
    await row.getByRole('button', { name: 'Inviter à ProConnect Sophie Lemaire' }).click();
    await page.getByText('Sophie Lemaire est invité(e) à ProConnect').waitFor();
    await row.getByText('Invité à ProConnect').waitFor();
    await expectNoViolations(page, 'users page with ProConnect');
  });

  it('shows the ProConnect button on an accessible login page, signs in on the provider and lands logged in, then logs out of both', async () => {
    await page.goto('/connexion?retour=%2Fseances');
    await pageReady(page);
    const button = page.getByRole('button', { name: 'S’identifier avec ProConnect' });
    await button.waitFor();
    await page.getByRole('link', { name: /Qu’est-ce que ProConnect \?/ }).waitFor();
    await expectNoViolations(page, 'login page with ProConnect');
    await screenshot(page, 'proconnect-login');

    await button.click();
    await page.waitForURL((url) => url.origin === provider.issuer && url.pathname.startsWith('/interaction/'));
    await page.getByLabel('Adresse électronique professionnelle').fill(SECRETARIAT);
    await page.getByRole('button', { name: 'Continuer' }).click();

    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/seances');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.locator('.fr-header__service-tagline').first().textContent()).toContain('Sophie Lemaire');
    // The session cookie is the portal's usual one: strict, unreadable by scripts.
    const session = (await context.cookies()).find((c) => c.name === 'cdlp_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: 'Oui, me déconnecter' }).click();
    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/connexion');
    await page.getByRole('button', { name: 'S’identifier avec ProConnect' }).waitFor();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/connexion');
  });

  it('sends an agent without an account to an accessible refusal page, logged out', async () => {
    await signInAtProvider('agent.inconnu@interieur.gouv.fr');
    await page.waitForURL((url) => url.origin === app.baseUrl && url.pathname === '/connexion/refus');
    expect(new URL(page.url()).searchParams.get('motif')).toBe('UNKNOWN_EMAIL');
    await page.getByRole('heading', { level: 1, name: 'Aucun compte du portail pour cette adresse' }).waitFor();
    await pageReady(page);
    expect(await page.title()).toBe('Connexion refusée - Portail CDLP');
    await expectNoViolations(page, 'ProConnect refusal page');
    await screenshot(page, 'proconnect-refusal');
    await page.getByRole('link', { name: 'Retour à la page de connexion' }).click();
    await page.waitForURL((url) => url.pathname === '/connexion');
  });
});
