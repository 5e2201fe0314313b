import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, loginAs, newPage, pageReady, type DemoRole } from '../support/browser';

/** Is the focused element drawn with a visible focus indicator? */
async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const rect = el.getBoundingClientRect();
    return outline && rect.width > 0 && rect.height > 0;
  });
}

async function tabUntil(page: Page, predicate: () => boolean, maxTabs = 40): Promise<number> {
  for (let i = 1; i <= maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return i;
  }
  throw new Error('The element was not reached with the Tab key');
}

async function expectAccessible(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await pageReady(page);
  const violations = await axeViolations(page);
  expect({ path, violations }).toEqual({ path, violations: [] });
}

describe('accessibility (axe, WCAG 2.1 A and AA)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('public pages', () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await newPage(browser));
    });

    afterAll(async () => {
      await context?.close();
    });

    it.each([
      ['/connexion', 'the login page'],
      ['/mot-de-passe-oublie', 'the forgotten password page'],
      ['/reinitialiser-mot-de-passe?token=abc', 'the new password page'],
      ['/accessibilite', 'the accessibility statement'],
      ['/page-qui-n-existe-pas', 'the not found page'],
    ])('reports no violation on %s (%s)', async (path) => {
      await expectAccessible(page, path);
    });

    it('has a French document and a title for every page', async () => {
      await page.goto('/connexion');
      await pageReady(page);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await page.title()).toBe('Connexion - Portail CDLP');
      await page.goto('/mot-de-passe-oublie');
      await pageReady(page);
      expect(await page.title()).toBe('Mot de passe oublié - Portail CDLP');
    });

    it('reaches the login form with the keyboard, with a visible focus, and logs in with Enter', async () => {
      await page.goto('/connexion');
      await pageReady(page);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Contenu');
      expect(await focusIsVisible(page)).toBe(true);
      await tabUntil(page, () => document.activeElement?.id === 'email');
      expect(await focusIsVisible(page)).toBe(true);
      await page.keyboard.type('secretariat@demo.cdlp.fr');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
      expect(await focusIsVisible(page)).toBe(true);
      await page.keyboard.type('Demo-CDLP-2026!');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/');
      await pageReady(page);

      // After logging in, the main navigation is reachable from the top of the page.
      await page.goto('/');
      await pageReady(page);
      await tabUntil(page, () => !!document.activeElement?.classList.contains('fr-nav__link'));
      expect(await focusIsVisible(page)).toBe(true);
      await tabUntil(page, () => document.activeElement?.textContent?.trim() === 'Membres');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/membres');
      await page.getByRole('heading', { level: 1, name: 'Membres de la commission' }).waitFor();
    });

    it('skips to the content with the first skip link', async () => {
      await page.goto('/connexion');
      await pageReady(page);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
    });
  });

  describe.each<[DemoRole, string[]]>([
    [
      'SECRETARIAT',
      [
        '/',
        '/membres',
        '/membres/nouveau',
        '/membres/import',
        '/associations',
        '/associations/nouvelle',
        '/mon-compte',
        '/demandes',
        '/parcours',
        '/seances',
        '/seances?vue=calendrier',
        '/seances/nouvelle',
        '/administration/courriels',
      ],
    ],
    [
      'PRESIDENT',
      ['/', '/membres?status=all', '/administration/journal', '/demandes?state=COMPLETE', '/seances'],
    ],
    ['MEMBER', ['/', '/mon-compte', '/acces-refuse', '/seances?vue=calendrier']],
    ['ASSOCIATION', ['/', '/mon-compte', '/demandes', '/demandes/nouvelle', '/parcours']],
    [
      'ADMIN',
      [
        '/',
        '/administration/comptes',
        '/administration/comptes/nouveau',
        '/administration/journal',
        '/administration/courriels',
      ],
    ],
  ])('pages of the %s role', (role, paths) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await newPage(browser));
      await loginAs(page, role);
    });

    afterAll(async () => {
      await context?.close();
    });

    it.each(paths)('reports no violation on %s', async (path) => {
      await expectAccessible(page, path);
    });

    if (role === 'SECRETARIAT') {
      it('reports no violation on a member record, an association record and their forms', async () => {
        await page.goto('/membres');
        await pageReady(page);
        await page.locator('tbody a').first().click();
        await page.waitForURL((url) => /^\/membres\/[0-9a-f-]{36}$/.test(url.pathname));
        await pageReady(page);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Mettre fin au mandat' }).click();
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('link', { name: 'Modifier' }).click();
        await page.getByLabel('Prénom').waitFor();
        await pageReady(page);
        expect(await axeViolations(page)).toEqual([]);

        await page.goto('/associations');
        await pageReady(page);
        await page.locator('tbody a').first().click();
        await page.waitForURL((url) => /^\/associations\/[0-9a-f-]{36}$/.test(url.pathname));
        await pageReady(page);
        expect(await axeViolations(page)).toEqual([]);
      });

      it('reports no violation on a request dossier, a pathway, a sitting page and an e-mail', async () => {
        await page.goto('/demandes?state=INCOMPLETE');
        await pageReady(page);
        await page.locator('tbody a').first().click();
        await page.waitForURL((url) => /^\/demandes\/[0-9a-f-]{36}$/.test(url.pathname));
        await page.locator('#completude').waitFor();
        await pageReady(page);
        expect(await axeViolations(page)).toEqual([]);

        await page.goto('/parcours');
        await pageReady(page);
        await page.locator('tbody a').first().click();
        await page.waitForURL((url) => /^\/parcours\/[0-9a-f-]{36}$/.test(url.pathname));
        await page.getByRole('heading', { name: 'Durée du parcours (PSP-6)' }).waitFor();
        await pageReady(page);
        await page.getByRole('button', { name: 'Mettre fin au parcours' }).click();
        expect(await axeViolations(page)).toEqual([]);

        // The suites share one app and convene sittings in any order: pick the demo's planned
        // minors sitting, whose page shows the convocation preview. The sitting page keeps a
        // live stream open: wait for it instead of network idleness.
        const planned = await page.request.get('/api/sittings?state=PLANNED&kind=MINORS&pageSize=1');
        const sittingId = ((await planned.json()) as { items: { id: string }[] }).items[0].id;
        await page.goto(`/seances/${sittingId}`);
        await page.getByText('Mise à jour en direct.').waitFor();
        await page.getByRole('heading', { name: 'Aperçu de la convocation' }).waitFor();
        expect(await axeViolations(page)).toEqual([]);

        await page.goto('/administration/courriels');
        await pageReady(page);
        await page.locator('tbody a').first().click();
        await page.waitForURL((url) => /^\/administration\/courriels\/[0-9a-f-]{36}$/.test(url.pathname));
        await page.getByRole('heading', { name: 'Version texte' }).waitFor();
        await pageReady(page);
        // The e-mail's HTML is shown in a sandboxed frame where no script runs, axe's neither.
        expect(await axeViolations(page, { exclude: ['iframe.cdlp-mail-frame'] })).toEqual([]);
      });

      it('reports no violation on a form showing its errors', async () => {
        await page.goto('/membres/nouveau');
        await pageReady(page);
        await page.getByRole('button', { name: 'Ajouter le membre' }).click();
        await page.getByText('Le champ « Prénom » est obligatoire.').waitFor();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  });
});
