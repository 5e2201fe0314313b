import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningApp, startApp, stopApp } from '../support/app-server';
import { expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { laterTodayInParis } from '../support/paris';
import { attachmentsOf, LoopbackSmtp, startLoopbackSmtp } from '../support/smtp';

/** Members the secretariat records as present; with the member's mandate, 9 of 17: the quorum (QUOR-1). */
const PRESENT = [
  'Mme Claire Morvan',
  'Mme Hélène Castaing',
  'Mme Sophie Lemaire',
  'M. Julien Ferrand',
  'Mme Laure Vasseur',
  'M. Thomas Guérin',
  'M. Karim Haddad',
  'Mme Isabelle Roche',
];

/**
 * A sitting from planning to opening, on its own app instance whose e-mails go to a loopback
 * SMTP server: the agenda fills itself with the complete requests, the convocation (urgent, sent
 * the same day) carries the agenda PDF and a calendar invitation, a member gives a mandate, the
 * register is confirmed and the live quorum is reached.
 */
describe('sittings: convocation, attendance and quorum', () => {
  let smtp: LoopbackSmtp;
  let app: RunningApp;
  let browser: Browser;
  let secretariat: { context: BrowserContext; page: Page };
  let member: { context: BrowserContext; page: Page };
  let sittingPath = '';

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    [app, browser] = await Promise.all([
      startApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' } }),
      launchBrowser(),
    ]);
    secretariat = await newPage(browser, app.baseUrl);
    member = await newPage(browser, app.baseUrl);
    await Promise.all([loginAs(secretariat.page, 'SECRETARIAT'), loginAs(member.page, 'MEMBER')]);
  });

  afterAll(async () => {
    await secretariat?.context.close();
    await member?.context.close();
    await browser?.close();
    if (app) await stopApp(app);
    await smtp?.stop();
  });

  it('plans an examination sitting whose agenda holds the complete requests, urgent ones first', async () => {
    const { page } = secretariat;
    await page.goto('/seances');
    await page.getByRole('heading', { level: 1, name: 'Séances de la commission' }).waitFor();
    await page.getByRole('link', { name: 'Programmer une séance' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Programmer une séance' }).waitFor();
    await page.getByText('Examen des demandes de parcours de sortie').click();
    await page.getByText('En présentiel').click();
    await page.getByLabel('Date et heure de la séance').fill(laterTodayInParis());
    await page.getByLabel('Lieu').fill('Préfecture de la Vienne, salle 2');
    await pageReady(page);
    await expectNoViolations(page, 'formulaire de séance');
    await page.getByRole('button', { name: 'Programmer la séance' }).click();

    await page.waitForURL((url) => /^\/seances\/[0-9a-f-]{36}$/.test(url.pathname));
    sittingPath = new URL(page.url()).pathname;
    await page.getByText(/avec 3 points à l'ordre du jour/).waitFor();
    await page.locator('.cdlp-agenda__item').first().waitFor();
    const items = page.locator('.cdlp-agenda__item h3');
    expect(await items.count()).toBe(3);
    // PSP-4: the urgent request comes first.
    expect(await items.first().textContent()).toContain('PSP-86-');
    expect(await page.locator('.cdlp-agenda__item').first().textContent()).toContain('Urgente');
    expect(await page.title()).toMatch(/^Séance n° \d{4}-\d{2} - Examen des demandes/);
  });

  it('reorders the agenda with the keyboard alternative to drag and drop', async () => {
    const { page } = secretariat;
    const titles = async () => page.locator('.cdlp-agenda__item h3').allTextContents();
    const before = await titles();
    await page
      .locator('.cdlp-agenda__item')
      .nth(1)
      .getByRole('button', { name: /^Monter/ })
      .click();
    await page.waitForFunction(
      (first) => document.querySelector('.cdlp-agenda__item h3')?.textContent !== first,
      before[0],
    );
    const after = await titles();
    expect(after[0].slice(3)).toBe(before[1].slice(3));
    expect(after[1].slice(3)).toBe(before[0].slice(3));
    // The focus stays on the moved item.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(
      /^(Monter|Descendre)/,
    );
  });

  it('sends the convocation in urgency with a reason; members receive it with the agenda PDF and a calendar invitation', async () => {
    const { page } = secretariat;
    await page.getByRole('heading', { name: 'Aperçu de la convocation' }).waitFor();
    await page.getByText('Délai de convocation (CONV-2)').waitFor();
    await page.getByRole('button', { name: 'Envoyer la convocation' }).click();
    await page.getByText('cochez « Convocation en urgence »').waitFor();
    await page.getByText('Convocation en urgence', { exact: true }).click();
    await page
      .getByLabel("Motif de l'urgence")
      .fill('Demande urgente : mise à l’abri de la personne (test e2e).');
    await pageReady(page);
    await expectNoViolations(page, 'aperçu de la convocation');
    await page.getByRole('button', { name: 'Envoyer la convocation' }).click();
    // 15 convened members: 14 by e-mail, and Pierre Vidal, who has no address, by printed letter (CONV-1).
    await page.getByText(/La convocation a été envoyée à 14 membres/).waitFor();
    await page.getByText(/1 membre n’a pas d'adresse\s+électronique : imprimez sa convocation/).waitFor();
    await page.locator('#etat-seance', { hasText: 'Convoquée' }).waitFor();
    await page.getByText("L'ordre du jour est verrouillé depuis l'envoi de la convocation").waitFor();
    await page.getByRole('button', { name: "Rouvrir l'ordre du jour" }).waitFor();

    // The loopback SMTP server receives the convocations (and the copies for the suppléants).
    await smtp.waitFor(
      (mails) => mails.some((m) => m.to.includes('ddets@demo.cdlp.fr')) && mails.length >= 15,
    );
    const mail = smtp.mails.find((m) => m.to.includes('ddets@demo.cdlp.fr'));
    const attachments = attachmentsOf(mail?.raw ?? '');
    expect(attachments.map((a) => a.contentType)).toEqual(
      expect.arrayContaining(['application/pdf', 'text/calendar']),
    );
    expect(attachments.some((a) => a.filename.endsWith('.ics'))).toBe(true);
    expect(attachments.some((a) => /^ordre-du-jour-seance-.*\.pdf$/.test(a.filename))).toBe(true);
    expect(mail?.raw).toContain('Convocation');

    // Delivery status per member (the outbox marks a message sent once the SMTP server accepted it).
    const row = page.locator('#table-envois tr', { hasText: 'M. Marc Delorme' });
    for (let attempt = 0; attempt < 20; attempt++) {
      await page.reload();
      await row.waitFor();
      if ((await row.textContent())?.includes('Envoyée')) break;
      await page.waitForTimeout(250);
    }
    await row.locator('.fr-badge', { hasText: 'Envoyée' }).waitFor({ timeout: 1000 });
    await row.getByRole('button', { name: 'Renvoyer la convocation à M. Marc Delorme' }).waitFor();
  });

  it('lets a member find the sitting on the dashboard and give a mandate', async () => {
    const { page } = member;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Mes prochaines séances' }).waitFor();
    await page.locator(`a[href="${sittingPath}"]`).click();
    await page.getByRole('heading', { name: 'Ma réponse' }).waitFor();
    await page.getByText('Je donne mandat à un autre membre').click();
    const holder = page.getByLabel('Membre à qui vous donnez mandat');
    const value = await holder.locator('option', { hasText: 'Mme Sophie Lemaire' }).getAttribute('value');
    await holder.selectOption(value ?? '');
    await page.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
    await page.getByText('Votre réponse est enregistrée : Mandat à Mme Sophie Lemaire.').waitFor();
    expect(await page.locator('#ma-reponse-actuelle').textContent()).toBe('Mandat à Mme Sophie Lemaire');
    await page.locator('#quorum-texte').waitFor();
    await expectNoViolations(member.page, 'séance vue par un membre');
  });

  it('confirms the register, opens the sitting and shows the quorum reached, live for the member too', async () => {
    const { page } = secretariat;
    // The mandate given by the member arrives by the live stream.
    await page
      .locator('#table-registre tr', { hasText: 'M. Marc Delorme' })
      .getByText('Mandat à Mme Sophie Lemaire')
      .waitFor();
    for (const name of PRESENT) await page.getByLabel(`Présence de ${name}`).selectOption('PRESENT');
    await page.getByRole('button', { name: `Confirmer les présences (${PRESENT.length})` }).click();
    await page.getByText(`Registre enregistré : ${PRESENT.length} présences confirmées.`).waitFor();
    await expectNoViolations(page, 'registre de présence');

    await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
    await page.locator('#etat-seance', { hasText: 'Ouverte' }).waitFor();
    await page.locator('#quorum-texte', { hasText: 'quorum atteint' }).waitFor();
    expect(await page.locator('#quorum-texte').textContent()).toContain(
      '9 membres présents ou représentés sur 17',
    );
    // The member's page follows without reloading (server-sent events).
    await member.page
      .locator('#quorum-texte', { hasText: '9 membres présents ou représentés sur 17 : quorum atteint' })
      .waitFor();
    await member.page.locator('#etat-seance', { hasText: 'Ouverte' }).waitFor();
  });
});
