import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DecisionDto, PageDto, PathwayDto, PspRequestListItemDto, SittingDto } from '@cdlp/shared';
import { api, expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { closedPolicySitting } from '../support/deliberation';
import { screenshot } from '../support/screenshots';

type Session = { context: BrowserContext; page: Page };

const ITEM = 'Bilan annuel des actions de prévention';

/**
 * PV-1, SIG-1: after a sitting with a vote, the secretariat drafts the minutes and the
 * president signs them in the pages; a member downloads the signed minutes. PSP-5: the
 * secretariat prepares the préfet's decision on a request with an opinion, the president signs
 * it, the association downloads the letter and the pathway opens.
 */
describe('minutes and decisions', () => {
  let browser: Browser;
  let secretariat: Session;
  let president: Session;
  let member: Session;
  let association: Session;
  let sitting: SittingDto;
  let itemId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    [secretariat, president, member, association] = await Promise.all([
      newPage(browser),
      newPage(browser),
      newPage(browser),
      newPage(browser),
    ]);
    await Promise.all([
      loginAs(secretariat.page, 'SECRETARIAT'),
      loginAs(president.page, 'PRESIDENT'),
      loginAs(member.page, 'MEMBER'),
      loginAs(association.page, 'ASSOCIATION'),
    ]);
    ({ sitting, itemId } = await closedPolicySitting(
      secretariat.context,
      president.context,
      'Coordination départementale',
      ITEM,
    ));
  });

  afterAll(async () => {
    for (const s of [secretariat, president, member, association]) await s?.context.close();
    await browser?.close();
  });

  it('lets the secretariat draft the minutes from the records and write their free text', async () => {
    const { page } = secretariat;
    await page.goto('/proces-verbaux');
    await page.getByRole('heading', { level: 1, name: 'Procès-verbaux' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'liste des procès-verbaux');
    await page.getByRole('link', { name: new RegExp(`Procès-verbal : Séance n° ${sitting.number}`) }).click();
    await page
      .getByRole('heading', { level: 1, name: `Procès-verbal de la séance n° ${sitting.number}` })
      .waitFor();
    await page.getByText("Le procès-verbal n'a pas encore été rédigé.").waitFor();
    await page.getByRole('button', { name: 'Rédiger le procès-verbal' }).click();
    await page.locator('#etat-pv', { hasText: 'Projet - version 1' }).waitFor();

    // The computed parts: members, quorum, convocation in urgency, the item and its result.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Mme Claire Morvan');
    expect(text).toContain('Convocation en urgence (CONV-2)');
    expect(text).toContain('Avis favorable');
    const validity = page.locator('table', { hasText: 'QUOR-1' });
    expect(await validity.locator('tr', { hasText: 'QUOR-1' }).textContent()).toContain('Respectée');

    await page
      .getByLabel('Introduction du procès-verbal')
      .fill('La séance est ouverte par la préfète, qui rappelle l’ordre du jour.');
    await page.getByRole('button', { name: 'Enregistrer le projet' }).click();
    await page.getByText('Le projet de procès-verbal est enregistré.').waitFor();

    const point = page.locator(`#point-${itemId}`);
    await point
      .getByLabel('Synthèse du point')
      .fill('Présentation du bilan des actions de prévention en milieu scolaire.');
    await point.getByLabel('Notes des débats').fill('Les membres soulignent la hausse des signalements.');
    await point.getByRole('button', { name: /^Enregistrer les notes/ }).click();
    await page.getByText('Les notes du point 1 sont enregistrées.').waitFor();
    expect(await page.getByLabel('Introduction du procès-verbal').inputValue()).toContain(
      'La séance est ouverte',
    );
    const pdf = await page.request.get(`/api/sittings/${sitting.id}/minutes/draft.pdf`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await pageReady(page);
    await screenshot(page, 'proces-verbal-projet');
    await expectNoViolations(page, 'projet de procès-verbal');
  });

  it('lets the president sign the minutes', async () => {
    const { page } = president;
    await page.goto(`/seances/${sitting.id}/proces-verbal`);
    await page.locator('#etat-pv', { hasText: 'Projet - version 1' }).waitFor();
    expect(await page.locator(`#point-${itemId}`).textContent()).toContain(
      'Présentation du bilan des actions de prévention',
    );
    const sign = page.getByRole('button', { name: 'Signer le procès-verbal' });
    expect(await sign.isEnabled()).toBe(true);
    await sign.click();
    await page.locator('#etat-pv', { hasText: 'Signé - version 1' }).waitFor();
    await page.getByText('Le procès-verbal est signé (version 1) et envoyé aux membres.').waitFor();
    const row = page.locator('tr', { hasText: 'Version 1' });
    expect(await row.textContent()).toContain('Claire Morvan');
    expect(await row.textContent()).toMatch(/[0-9a-f]{64}/);
    await pageReady(page);
    await screenshot(page, 'proces-verbal-signe');
    await expectNoViolations(page, 'procès-verbal signé');
  });

  it('lets a member read and download the signed minutes', async () => {
    const { page } = member;
    await page.goto(`/seances/${sitting.id}/proces-verbal`);
    await page.locator('#etat-pv', { hasText: 'Signé - version 1' }).waitFor();
    await page.getByText('Présentation du bilan des actions de prévention').waitFor();
    expect(await page.getByRole('button', { name: 'Signer le procès-verbal' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Créer une nouvelle version' }).count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: /^Télécharger/ })
        .first()
        .click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/-v1\.pdf$/);
    await pageReady(page);
    await expectNoViolations(page, 'procès-verbal, vue d’un membre');
  });

  it('lets the secretariat open a new version of signed minutes', async () => {
    const { page } = secretariat;
    await page.goto(`/seances/${sitting.id}/proces-verbal`);
    await page.locator('#etat-pv', { hasText: 'Signé - version 1' }).waitFor();
    await page.getByRole('button', { name: 'Créer une nouvelle version' }).click();
    await page.locator('#etat-pv', { hasText: 'Projet - version 2' }).waitFor();
    // The signed version 1 stays downloadable.
    await page.locator('tr', { hasText: 'Version 1' }).waitFor();
  });

  it('lets the secretariat prepare and the president sign the préfet’s decision; the pathway opens', async () => {
    // A request with the commission's opinion and no signed decision yet.
    const requests = await api<PageDto<PspRequestListItemDto>>(
      secretariat.context,
      'GET',
      '/api/psp-requests?state=OPINION_GIVEN&pageSize=50',
    );
    let request: PspRequestListItemDto | undefined;
    for (const r of requests.items.filter((x) => x.opinion === 'FAVOURABLE' && x.kind === 'INITIAL')) {
      const { decision } = await api<{ decision: DecisionDto | null }>(
        secretariat.context,
        'GET',
        `/api/psp-requests/${r.id}/decision`,
      );
      if (!decision) {
        request = r;
        break;
      }
    }
    if (!request) throw new Error('No request waits for a decision');

    const { page } = secretariat;
    await page.goto('/decisions');
    await page.getByRole('heading', { level: 1, name: 'Décisions du préfet' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'liste des décisions');
    await page.getByRole('link', { name: `Décision - ${request.reference}` }).click();
    await page
      .getByRole('heading', { level: 1, name: `Décision du préfet - ${request.reference}` })
      .waitFor();
    // PSP-5: pre-filled from the opinion; a warning when departing from it.
    expect(await page.getByLabel("Autorisation d'engager le parcours de sortie").isChecked()).toBe(true);
    await page.locator('label', { hasText: /^Refus$/ }).click();
    await page.getByText("Cette décision s'écarte de l'avis de la commission (PSP-5)").waitFor();
    await page.locator('label', { hasText: "Autorisation d'engager le parcours de sortie" }).click();
    await page
      .getByText("Cette décision s'écarte de l'avis de la commission (PSP-5)")
      .waitFor({ state: 'detached' });
    await page
      .getByLabel('Motifs de la décision')
      .fill(
        "Au vu de l'avis favorable de la commission et du projet d'insertion présenté par l'association.",
      );
    await page.getByRole('button', { name: 'Enregistrer le projet de décision' }).click();
    await page.getByText('Le projet de décision est enregistré. La présidence peut le signer.').waitFor();
    await page.locator('#etat-decision', { hasText: 'Projet à signer' }).waitFor();
    const preview = await page.request.get(`/api/psp-requests/${request.id}/decision/draft.pdf`);
    expect(preview.headers()['content-type']).toContain('application/pdf');
    await pageReady(page);
    await screenshot(page, 'decision-projet');
    await expectNoViolations(page, 'préparation de la décision');

    const p = president.page;
    await p.goto(`/demandes/${request.id}/decision`);
    await p.locator('#etat-decision', { hasText: 'Projet à signer' }).waitFor();
    await p.getByRole('button', { name: 'Signer la décision' }).click();
    await p
      .getByText("La décision est signée : le parcours de sortie est ouvert et l'association est prévenue.")
      .waitFor();
    await p.locator('#etat-decision', { hasText: 'Signée' }).waitFor();
    await p.getByRole('link', { name: 'Voir le parcours de sortie ouvert par cette décision' }).waitFor();
    await pageReady(p);
    await expectNoViolations(p, 'décision signée');

    // The association downloads the letter.
    const a = association.page;
    await a.goto(`/demandes/${request.id}/decision`);
    await a.getByRole('heading', { name: 'Lettre de décision signée' }).waitFor();
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.getByRole('link', { name: /^Télécharger/ }).click(),
    ]);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    await pageReady(a);
    await expectNoViolations(a, 'décision, vue de l’association');

    // AFIS-1, PSP-6: the pathway exists.
    const reference = request.reference;
    const pathways = await api<PageDto<PathwayDto>>(secretariat.context, 'GET', '/api/pathways?pageSize=100');
    const pathway = pathways.items.find((x) =>
      x.periods.some((period) => period.requestReference === reference),
    );
    expect(pathway?.state).toBe('ACTIVE');
  });
});
