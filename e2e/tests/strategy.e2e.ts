import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SittingDto, StrategyDto, StrategyListItemDto } from '@cdlp/shared';
import { api, expectNoViolations, launchBrowser, loginAs, newPage, pageReady } from '../support/browser';
import { conveneAndOpen, liveItems } from '../support/deliberation';
import { laterTodayInParis, parisNow } from '../support/paris';
import { screenshot } from '../support/screenshots';

type Session = { context: BrowserContext; page: Page };

const YEAR = Number(parisNow().date.slice(0, 4));
const NEW_ACTION = 'Former les agents d’accueil des services de l’État';
const NEW_INDICATOR = 'Agents d’accueil formés';
const COMMENT = 'Associer aussi les agents des centres communaux d’action sociale.';

/**
 * STRAT-1: the secretariat edits a recommendation of the demo strategy (one action and one
 * indicator) and saves a new version; a member comments; the strategy goes on a policy sitting
 * where the commission adopts it; the president signs it; the yearly follow-up shows progress.
 */
describe('departmental strategy: edit, comment, adopt, sign, follow up', () => {
  let browser: Browser;
  let secretariat: Session;
  let president: Session;
  let member: Session;
  let strategy: StrategyListItemDto;
  let version = 0;

  beforeAll(async () => {
    browser = await launchBrowser();
    [secretariat, president, member] = await Promise.all([
      newPage(browser),
      newPage(browser),
      newPage(browser),
    ]);
    await Promise.all([
      loginAs(secretariat.page, 'SECRETARIAT'),
      loginAs(president.page, 'PRESIDENT'),
      loginAs(member.page, 'MEMBER'),
    ]);
    const list = await api<StrategyListItemDto[]>(secretariat.context, 'GET', '/api/strategies');
    const draft = list.find((s) => s.state === 'DRAFT' && s.periodStart === YEAR);
    if (!draft) throw new Error('The demo draft strategy is missing');
    strategy = draft;
  });

  afterAll(async () => {
    for (const s of [secretariat, president, member]) await s?.context.close();
    await browser?.close();
  });

  it('lists the strategies and opens the dashboard of the draft', async () => {
    const { page } = secretariat;
    await page.goto('/strategie');
    await page.getByRole('heading', { level: 1, name: 'Stratégie départementale' }).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'liste des stratégies');
    await page.getByRole('link', { name: strategy.title }).first().click();
    await page.waitForURL(`**/strategie/${strategy.id}`);
    await page.locator('#etat-strategie', { hasText: 'En cours de rédaction' }).waitFor();
    await page.locator('#totaux').waitFor();
    expect(await page.locator('.fr-tile').count()).toBe(6);
    // Keyboard: a tile leads to the recommendations of its axis.
    await page.locator('#tuile-axe-2 a').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'axe-2');
    await pageReady(page);
    expect(await page.title()).toBe(
      `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd} - Portail CDLP`,
    );
    await expectNoViolations(page, 'tableau de bord de la stratégie');
  });

  it('lets the secretariat add an action and an indicator to a recommendation, saved as a new version', async () => {
    const { page } = secretariat;
    await page.goto(`/strategie/${strategy.id}/preconisations/5`);
    await page.getByRole('heading', { level: 1, name: /^Préconisation 5 : / }).waitFor();
    await page.getByRole('button', { name: 'Ajouter une action' }).click();
    const title = page.locator('#action-1-titre');
    await title.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('action-1-titre');
    await title.fill(NEW_ACTION);
    await page.locator('#action-1-pilote').selectOption({ label: 'CIDFF de la Vienne' });
    await page.locator('#action-1-partenaires-ajout').selectOption('libre');
    await page
      .locator('#action-1-partenaires-ajout-libre')
      .fill('Centre communal d’action sociale de Poitiers');
    await page.locator('#action-1').getByRole('button', { name: 'Ajouter le partenaire' }).click();
    await page.locator('#action-1 li', { hasText: 'Centre communal d’action sociale de Poitiers' }).waitFor();
    await page.locator('#action-1-debut').fill(`${YEAR}-01-10`);
    await page.locator('#action-1-echeance').fill(`${YEAR}-12-20`);
    await page.locator('#action-1-budget').fill('1500');
    await page.locator('#action-1-statut').selectOption('IN_PROGRESS');

    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click();
    await page.locator('#indicateur-1-nom').fill(NEW_INDICATOR);
    await page.locator('#indicateur-1-unite').fill('personnes');
    await page.locator('#indicateur-1-ref-valeur').fill('0');
    await page.locator('#indicateur-1-ref-annee').fill(String(YEAR - 1));
    await page.locator('#indicateur-1-cible-valeur').fill('60');
    await page.locator('#indicateur-1-cible-annee').fill(String(YEAR + 2));
    await page.getByLabel('Note de version').fill('Formation des agents d’accueil');
    await screenshot(page, 'strategie-preconisation-edition');
    await expectNoViolations(page, 'éditeur de préconisation');

    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    const saved = page
      .getByRole('status')
      .filter({ hasText: /La version \d+ de la stratégie est enregistrée/ });
    await saved.waitFor();
    version = Number(/version (\d+)/.exec((await saved.textContent()) ?? '')?.[1]);
    expect(version).toBe(strategy.currentVersion + 1);
    const stored = await api<StrategyDto>(secretariat.context, 'GET', `/api/strategies/${strategy.id}`);
    const plan = stored.content.recommendations.find((r) => r.recommendationNumber === 5);
    const action = plan?.actions.find((a) => a.title === NEW_ACTION);
    expect(action?.lead).toEqual(
      expect.objectContaining({ name: 'CIDFF de la Vienne', associationId: expect.any(String) }),
    );
    expect(action?.partners).toEqual([{ name: 'Centre communal d’action sociale de Poitiers' }]);
    expect(action).toEqual(
      expect.objectContaining({ budget: 1500, status: 'IN_PROGRESS', deadline: `${YEAR}-12-20` }),
    );
    expect(plan?.indicators.find((i) => i.name === NEW_INDICATOR)).toEqual(
      expect.objectContaining({ automatic: null, direction: 'UP', targetValue: 60, targetYear: YEAR + 2 }),
    );
  });

  it('lets a member comment on the recommendation, and the secretariat read every comment', async () => {
    const { page } = member;
    await page.goto(`/strategie/${strategy.id}/preconisations/5`);
    await page.getByRole('heading', { level: 1, name: /^Préconisation 5 : / }).waitFor();
    await page.getByText(NEW_ACTION).first().waitFor();
    expect(await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).count()).toBe(0);
    await page.getByLabel('Votre commentaire').fill(COMMENT);
    await page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await page.getByText('Votre commentaire est publié.').waitFor();
    await page.locator('.cdlp-comment', { hasText: COMMENT }).waitFor();
    await pageReady(page);
    await screenshot(page, 'strategie-preconisation-membre');
    await expectNoViolations(page, 'préconisation, vue d’un membre');

    await secretariat.page.goto(`/strategie/${strategy.id}/commentaires`);
    await secretariat.page.locator('.cdlp-comment', { hasText: COMMENT }).waitFor();
    expect(await secretariat.page.locator('.cdlp-comment', { hasText: COMMENT }).textContent()).toContain(
      'Marc Delorme',
    );
    await pageReady(secretariat.page);
    await expectNoViolations(secretariat.page, 'commentaires de la stratégie');
  });

  it('compares the new version with the previous one', async () => {
    const { page } = secretariat;
    await page.goto(`/strategie/${strategy.id}/versions`);
    await page.getByRole('heading', { level: 1, name: 'Comparer les versions' }).waitFor();
    await page.getByRole('button', { name: 'Comparer' }).click();
    await page.getByText(`Action ajoutée : ${NEW_ACTION}.`).waitFor();
    await page.getByText(`Indicateur ajouté : ${NEW_INDICATOR}.`).waitFor();
    await expectNoViolations(page, 'comparaison des versions');
  });

  it('puts the strategy on a policy sitting, where the commission adopts it', async () => {
    const sitting = await api<SittingDto>(secretariat.context, 'POST', '/api/sittings', {
      kind: 'POLICY',
      mode: 'IN_PERSON',
      startsAtLocal: laterTodayInParis(),
      place: 'Préfecture de la Vienne, salle du conseil',
      title: 'Adoption de la stratégie départementale',
    });
    const { page } = secretariat;
    await page.goto(`/strategie/${strategy.id}`);
    await page.locator('#etat-strategie').waitFor();
    await page.getByLabel('Séance').selectOption(sitting.id);
    await page.getByRole('button', { name: 'Inscrire à une séance' }).click();
    await page.locator('#etat-strategie', { hasText: "Inscrite à l'ordre du jour" }).waitFor();
    await page.getByRole('button', { name: "Retirer de l'ordre du jour" }).waitFor();

    await conveneAndOpen(secretariat.context, sitting.id);
    const opened = await api<SittingDto>(secretariat.context, 'GET', `/api/sittings/${sitting.id}`);
    const [item] = liveItems(opened);
    expect(item.title).toContain(`(version ${version})`);

    // The vote in the sitting page, by the president.
    const p = president.page;
    await p.goto(`/seances/${sitting.id}`);
    const block = p.locator(`#vote-${item.id}`);
    await block.getByRole('button', { name: /^Ouvrir le vote/ }).click();
    await block.getByRole('button', { name: /^Voter favorable .* pour vous$/ }).click();
    await p.waitForFunction(
      (id) =>
        Array.from(document.querySelectorAll(`#vote-${id} button[aria-pressed="true"]`)).some((b) =>
          b.textContent?.includes('Voter favorable'),
        ),
      item.id,
    );
    await block.getByRole('button', { name: /^Clore le vote/ }).click();
    await block.locator(`#resultat-${item.id}`, { hasText: 'Avis favorable' }).waitFor();

    await page.reload();
    await page.locator('#etat-strategie', { hasText: 'Adoptée' }).waitFor();
    expect(await page.getByRole('button', { name: 'Signer la stratégie' }).count()).toBe(0);
  });

  it('lets the president sign the adopted strategy', async () => {
    const { page } = president;
    await page.goto(`/strategie/${strategy.id}`);
    await page.locator('#etat-strategie', { hasText: 'Adoptée' }).waitFor();
    await pageReady(page);
    await page.getByRole('button', { name: 'Signer la stratégie' }).click();
    await page.locator('#etat-strategie', { hasText: 'Signée' }).waitFor();
    await page.getByText(`La stratégie est signée (version ${version}).`).waitFor();
    const link = page.getByRole('link', { name: 'Télécharger la stratégie signée (PDF)' });
    const response = await page.request.get((await link.getAttribute('href')) ?? '');
    expect(response.headers()['content-type']).toContain('application/pdf');
    await expectNoViolations(page, 'stratégie signée');
  });

  it('follows up the year: action status, indicator values and charts, progress on the dashboard', async () => {
    const { page } = secretariat;
    await page.goto(`/strategie/${strategy.id}/suivi`);
    await page.getByRole('heading', { level: 1, name: 'Suivi annuel et indicateurs' }).waitFor();
    const row = page.locator('tr', { hasText: NEW_ACTION });
    await row.locator('select').selectOption('DONE');
    await page.getByRole('button', { name: `Enregistrer les statuts ${YEAR}` }).click();
    await page.getByText(`1 statut(s) d'action enregistré(s) pour ${YEAR}.`).waitFor();

    await page.locator('tr', { hasText: NEW_INDICATOR }).locator('input').fill('12');
    await page.getByRole('button', { name: `Enregistrer les valeurs ${YEAR}` }).click();
    await page.getByText(`1 valeur(s) enregistrée(s) pour ${YEAR}.`).waitFor();
    expect(
      await page.locator(`svg[role="img"][aria-label*="${NEW_INDICATOR}"]`).getAttribute('aria-label'),
    ).toContain(`${YEAR} : 12 personnes`);
    await page
      .locator('caption', { hasText: `${NEW_INDICATOR} : valeurs par année` })
      .waitFor({ state: 'attached' });
    await pageReady(page);
    await screenshot(page, 'strategie-suivi');
    await expectNoViolations(page, 'suivi annuel et graphiques');

    await page.goto(`/strategie/${strategy.id}`);
    await page.locator('#totaux', { hasText: '1 réalisée(s)' }).waitFor();
    const tile = page.locator('#tuile-axe-2');
    expect(await tile.textContent()).toContain('Réalisées : 1/2');
    expect(await tile.locator('svg[role="img"]').getAttribute('aria-label')).toContain(
      '2 actions, 1 réalisée(s)',
    );
    await page.getByRole('heading', { name: 'Actions en retard' }).waitFor();
    expect(await page.locator('table', { hasText: 'Former 200 professionnels' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'strategie-tableau-de-bord');
    await expectNoViolations(page, 'tableau de bord, suivi');
  });

  it('shows the introduction, the diagnostic figures and the local actions', async () => {
    const { page } = member;
    await page.goto(`/strategie/${strategy.id}/cadrage`);
    await page
      .getByRole('heading', { level: 1, name: 'Introduction, diagnostic et actions locales' })
      .waitFor();
    await page
      .getByText('Publier un annuaire départemental des ressources pour les professionnels')
      .waitFor();
    await page.getByText(/188 situations/).waitFor();
    await pageReady(page);
    await expectNoViolations(page, 'introduction et diagnostic');
  });
});
