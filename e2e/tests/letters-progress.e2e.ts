import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StrategyListItemDto } from '@cdlp/shared';
import { RunningApp, startApp, stopApp } from '../support/app-server';
import { api, expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { laterTodayInParis, parisNow } from '../support/paris';
import { LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';

const YEAR = Number(parisNow().date.slice(0, 4));
/** The demo member of the Vienne registered without an e-mail address, with a postal address (CONV-1). */
const NO_EMAIL = 'M. Pierre Vidal';

/**
 * Small but visible: the convocation sending shows its progress from the outbox; a member
 * without an e-mail address is listed to the secretariat, who downloads the printed letter
 * (CONV-1); the action statuses of a past year of the strategy are corrected on the screen
 * (STRAT-1).
 */
describe('printed convocations, sending progress and past years of the follow-up', () => {
  let smtp: LoopbackSmtp;
  let app: RunningApp;
  let browser: Browser;
  let secretariat: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    [app, browser] = await Promise.all([
      startApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' } }),
      launchBrowser(),
    ]);
    secretariat = await newPage(browser, app.baseUrl);
    await loginAs(secretariat.page, 'SECRETARIAT');
  });

  afterAll(async () => {
    await secretariat?.context.close();
    await browser?.close();
    if (app) await stopApp(app);
    await smtp?.stop();
  });

  it('CONV-1: sends the convocation and follows its progress until every message has left', async () => {
    const { page } = secretariat;
    await page.goto('/seances/nouvelle');
    await page.getByRole('heading', { level: 1, name: 'Programmer une séance' }).waitFor();
    await page.getByText('Examen des demandes de parcours de sortie').click();
    await page.getByText('En présentiel').click();
    await page.getByLabel('Date et heure de la séance').fill(laterTodayInParis());
    await page.getByLabel('Lieu').fill('Préfecture de la Vienne, salle 2');
    await page.getByRole('button', { name: 'Programmer la séance' }).click();
    await page.waitForURL((url) => /^\/seances\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { name: 'Aperçu de la convocation' }).waitFor();

    await page.getByText('Convocation en urgence', { exact: true }).click();
    await page.getByLabel("Motif de l'urgence").fill('Demande urgente : mise à l’abri (test e2e).');
    await page.getByRole('button', { name: 'Envoyer la convocation' }).click();
    await page.locator('#etat-seance', { hasText: 'Convoquée' }).waitFor();

    const progress = page.locator('cdlp-progress', { hasText: 'Envoi des convocations par courriel' });
    await progress.waitFor();
    expect(await progress.locator('progress').getAttribute('max')).toMatch(/^\d+$/);
    await progress
      .locator('[aria-live=polite]', { hasText: /Envoi terminé : \d+ convocations envoyées sur \d+/ })
      .waitFor({
        timeout: 30_000,
      });
    const bar = progress.locator('progress');
    expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
    // Nobody is written to at a blank address.
    expect(smtp.mails.every((m) => m.to.every((to) => to.trim().length > 0))).toBe(true);
    // The sitting page keeps its live stream open: no "network idle" here, the texts are awaited instead.
    await expectNoViolations(page, 'progression de l’envoi des convocations');
  });

  it('CONV-1: lists the member without an e-mail address and downloads the printed letters', async () => {
    const { page } = secretariat;
    const panel = page.locator('#convocations-courrier');
    await panel.waitFor();
    const row = panel.locator('tr', { hasText: NO_EMAIL });
    await row.getByText('Non produite').waitFor();
    await expectNoViolations(page, 'convocations par courrier');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Télécharger toutes les lettres (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^convocation-courrier-seance-\d{4}-\d{2}-vidal\.pdf$/);
    const dir = mkdtempSync(join(tmpdir(), 'cdlp-letters-'));
    try {
      const file = join(dir, 'lettres.pdf');
      await download.saveAs(file);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Préfecture de la Vienne');
      expect(text).toContain(NO_EMAIL);
      // The postal address of the registry, in the addressee block.
      expect(text).toContain('12 rue Carnot');
      expect(text).toContain('86000 Poitiers');
      expect(text).toContain('Ordre du jour');
      expect(text).toMatch(/PSP-86-\d{4}-\d{4}/);
      expect(text).toContain('donne pouvoir à');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await panel.getByText(/1 lettre a été produite|lettres ont été produites/).waitFor();
    await row.getByText(/^Produite le /).waitFor();
    await expectNoViolations(page, 'lettre produite');
  });

  it('STRAT-1: corrects the status of an action for the past year on the follow-up screen', async () => {
    const { page, context } = secretariat;
    const list = await api<StrategyListItemDto[]>(context, 'GET', '/api/strategies');
    const strategy = list.find((s) => s.periodStart <= YEAR && s.periodEnd >= YEAR - 1);
    if (!strategy) throw new Error('The demo strategy is missing');
    await page.goto(`/strategie/${strategy.id}/suivi`);
    await page.getByRole('heading', { level: 1, name: 'Suivi annuel et indicateurs' }).waitFor();
    const years = page.getByLabel('Année du suivi des actions');
    await years.selectOption(String(YEAR - 1));
    await page.locator('#statuts-titre', { hasText: `Statut des actions en ${YEAR - 1}` }).waitFor();
    const select = page.locator('#statuts-titre ~ form select.fr-select').first();
    await select.waitFor();
    const next = (await select.inputValue()) === 'DROPPED' ? 'DONE' : 'DROPPED';
    await select.selectOption(next);
    await page.getByRole('button', { name: `Enregistrer les statuts ${YEAR - 1}` }).click();
    await page.getByText(`1 statut(s) d'action enregistré(s) pour ${YEAR - 1}.`).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'statuts d’une année passée');

    // Kept for that year, read back after a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Suivi annuel et indicateurs' }).waitFor();
    await page.getByLabel('Année du suivi des actions').selectOption(String(YEAR - 1));
    await page.locator('#statuts-titre', { hasText: `Statut des actions en ${YEAR - 1}` }).waitFor();
    await page.waitForFunction(
      (value) =>
        document.querySelector<HTMLSelectElement>('cdlp-action-statuses form select.fr-select')?.value ===
        value,
      next,
    );
  });
});
