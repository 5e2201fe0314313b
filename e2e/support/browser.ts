import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Demo-CDLP-2026!';

export const DEMO_ACCOUNTS = {
  SECRETARIAT: 'secretariat@demo.cdlp.fr',
  PRESIDENT: 'president@demo.cdlp.fr',
  MEMBER: 'membre@demo.cdlp.fr',
  ASSOCIATION: 'association@demo.cdlp.fr',
  ADMIN: 'admin@demo.cdlp.fr',
} as const;
export type DemoRole = keyof typeof DEMO_ACCOUNTS;

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export function baseUrl(): string {
  const url = process.env['CDLP_E2E_BASE_URL'];
  if (!url) throw new Error('CDLP_E2E_BASE_URL is not set: run through e2e/jest.config.cjs (global setup).');
  return url;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (no cookies) in French, Paris time (on another app instance when given). */
export async function newPage(
  browser: Browser,
  appUrl: string = baseUrl(),
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: appUrl,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  return { context, page };
}

/** Logs in through the login form and waits for the dashboard. */
export async function loginAs(page: Page, role: DemoRole): Promise<void> {
  await loginWith(page, DEMO_ACCOUNTS[role], DEMO_PASSWORD);
}

export async function loginWith(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
}

/** Waits until the Angular page has drawn its h1 and has no request in flight. */
export async function pageReady(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
}

/**
 * Runs axe with the WCAG 2.1 A/AA rules; returns readable violations (empty when compliant).
 * `exclude` leaves parts out, e.g. a sandboxed frame where no script (axe included) may run.
 */
export async function axeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join('\n  ')}`,
  );
}

/**
 * Calls the API with the session of a browser context (its cookies) and the CSRF header, for the
 * set-up steps a test does not exercise through the pages.
 */
export async function api<T>(
  context: BrowserContext,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<T> {
  const cookies = await context.cookies();
  const csrf = cookies.find((c) => c.name === 'cdlp_csrf')?.value ?? '';
  const response = await context.request.fetch(path, {
    method,
    headers: method === 'GET' ? {} : { 'x-csrf-token': csrf },
    data: body === undefined ? undefined : body,
  });
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Runs axe and fails with the list of violations, naming the page. */
export async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}
