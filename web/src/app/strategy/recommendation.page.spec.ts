import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role, SaveStrategyVersionDto, StrategyCommentViewDto, StrategyDto } from '@cdlp/shared';
import { association, member, page } from '../../testing/fixtures';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { StrategyCommentsPage } from './comments.page';
import { StrategyFramingPage } from './framing.page';
import { RecommendationPage } from './recommendation.page';
import { ACTION_KEY, strategy, strategyWithPlan, STRATEGY_ID } from './testing/strategy-fixtures';

const URL = `/strategie/${STRATEGY_ID}/preconisations/5`;

function comment(overrides: Partial<StrategyCommentViewDto> = {}): StrategyCommentViewDto {
  return {
    id: 'c1',
    targetType: 'RECOMMENDATION',
    targetKey: '5',
    version: 2,
    authorName: 'Marc Delorme',
    authorRole: 'MEMBER',
    body: 'Associer les CCAS.',
    createdAt: '2026-03-02T09:00:00Z',
    ...overrides,
  };
}

function type(el: HTMLElement, selector: string, value: string, event = 'input'): void {
  const input = q<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(event));
}

describe('RecommendationPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'strategie/:id/preconisations/:n', component: RecommendationPage },
      { path: 'strategie/:id/cadrage', component: StrategyFramingPage },
      { path: 'strategie/:id/commentaires', component: StrategyCommentsPage },
    ]);
  });

  afterEach(() => http.verify());

  async function open(
    role: Role,
    dto: StrategyDto = strategyWithPlan(),
    comments: StrategyCommentViewDto[] = [],
  ): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(URL);
    http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(dto);
    if (role === 'SECRETARIAT' || role === 'PRESIDENT') {
      http
        .expectOne((r) => r.url === '/api/members')
        .flush(page([member({ id: 'm1', organisation: 'DDETS de la Vienne' })]));
      http
        .expectOne((r) => r.url === '/api/associations')
        .flush(page([association({ id: 'a1', name: 'CIDFF de la Vienne' })]));
    }
    http.expectOne(`/api/strategies/${STRATEGY_ID}/comments`).flush(comments);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  it('shows the levers of the reference and edits the plan: a new action and a new indicator make a new version', async () => {
    const el = await open('SECRETARIAT');
    expect(el.querySelector('h1')?.textContent).toBe('Préconisation 5 : Préconisation 5 du diagnostic');
    expect(el.textContent).toContain('Levier 5');
    expect(q<HTMLTextAreaElement>(el, '#findings').value).toBe('Peu de professionnels formés.');

    byText<HTMLButtonElement>(el, 'button', 'Ajouter une action').click();
    await settle();
    expect(document.activeElement?.id).toBe('action-1-titre');
    type(el, '#action-1-titre', 'Former les agents d’accueil');
    type(el, '#action-1-pilote', 'a:a1', 'change');
    type(el, '#action-1-partenaires-ajout', 'libre', 'change');
    await settle();
    type(el, '#action-1-partenaires-ajout-libre', 'Mairie de Poitiers');
    byText<HTMLButtonElement>(q(el, '#action-1'), 'button', 'Ajouter le partenaire').click();
    await settle();
    expect(q(el, '#action-1').textContent).toContain('Mairie de Poitiers');
    type(el, '#action-1-debut', '2026-01-10');
    type(el, '#action-1-echeance', '2026-12-20');
    type(el, '#action-1-budget', '1 500');
    type(el, '#action-1-statut', 'IN_PROGRESS', 'change');

    byText<HTMLButtonElement>(el, 'button', 'Ajouter un indicateur').click();
    await settle();
    type(el, '#indicateur-2-automatique', 'ACTIVE_PATHWAYS', 'change');
    await settle();
    expect(q<HTMLInputElement>(el, '#indicateur-2-nom').value).toBe('Parcours en cours dans l’année');
    type(el, '#indicateur-2-cible-valeur', '8');
    type(el, '#indicateur-2-cible-annee', '2028');
    type(el, '#note', 'Formation des agents');

    byText<HTMLButtonElement>(el, 'button', 'Enregistrer une nouvelle version').click();
    const req = http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/versions` });
    const body = req.request.body as SaveStrategyVersionDto;
    expect(body.baseVersion).toBe(2);
    expect(body.note).toBe('Formation des agents');
    expect(body.content.recommendations).toHaveLength(12);
    const plan = body.content.recommendations.find((r) => r.recommendationNumber === 5);
    if (!plan) throw new Error('No plan 5');
    expect(plan.priority).toBe('MEDIUM');
    expect(plan.actions).toHaveLength(2);
    expect(plan.actions[0].key).toBe(ACTION_KEY);
    expect(plan.actions[1]).toEqual(
      expect.objectContaining({
        title: 'Former les agents d’accueil',
        lead: { name: 'CIDFF de la Vienne', associationId: 'a1' },
        partners: [{ name: 'Mairie de Poitiers' }],
        startDate: '2026-01-10',
        deadline: '2026-12-20',
        budget: 1500,
        status: 'IN_PROGRESS',
      }),
    );
    expect(plan.indicators[2]).toEqual(
      expect.objectContaining({
        automatic: 'ACTIVE_PATHWAYS',
        unit: 'parcours',
        targetValue: 8,
        targetYear: 2028,
        direction: 'UP',
      }),
    );
    req.flush(strategyWithPlan({ currentVersion: 3 }));
    await settle();
    expect(el.querySelector('[role=status]')?.textContent).toContain(
      'La version 3 de la stratégie est enregistrée.',
    );
  });

  it('checks the fields before saving and shows the server errors next to the field', async () => {
    const el = await open('SECRETARIAT');
    byText<HTMLButtonElement>(el, 'button', 'Ajouter une action').click();
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer une nouvelle version').click();
    await settle();
    expect(q(el, '#action-1-titre-messages').textContent).toContain(
      "Le champ « Intitulé de l'action » est obligatoire.",
    );
    http.expectNone(`/api/strategies/${STRATEGY_ID}/versions`);

    byText<HTMLButtonElement>(el, 'button', "Supprimer l'action 2").click();
    await settle();
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer une nouvelle version').click();
    flushError(http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/versions` }), 400, {
      statusCode: 400,
      message: 'Les données envoyées sont invalides.',
      errors: [
        {
          field: 'content.recommendations.4.actions.0.deadline',
          message: "L'échéance de l'action précède son début.",
        },
      ],
    });
    await settle();
    expect(q(el, '#action-0-echeance-messages').textContent).toContain(
      "L'échéance de l'action précède son début.",
    );
  });

  it('tells the user to reload when another version was saved meanwhile (409)', async () => {
    const el = await open('SECRETARIAT');
    type(el, '#findings', 'Constats revus.');
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer une nouvelle version').click();
    flushError(http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/versions` }), 409, {
      statusCode: 409,
      message:
        "Une version plus récente (3) a été enregistrée entre-temps : rechargez la page avant d'enregistrer.",
    });
    await settle();
    const alert = q(el, '[role=alert]');
    expect(alert.textContent).toContain('Version dépassée');
    expect(alert.textContent).toContain('Une version plus récente (3)');
    byText<HTMLButtonElement>(alert, 'button', 'Recharger la page').click();
    http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(strategyWithPlan({ currentVersion: 3 }));
    http.expectOne(`/api/strategies/${STRATEGY_ID}/comments`).flush([]);
    await settle();
    expect(el.textContent).toContain('La version 3 est chargée.');
    expect(q<HTMLTextAreaElement>(el, '#findings').value).toBe('Peu de professionnels formés.');
  });

  it('shows the plan read-only to a member, who comments on an action', async () => {
    const el = await open('MEMBER', strategyWithPlan(), [
      comment(),
      comment({ id: 'c2', targetKey: '6', body: 'Autre préconisation.' }),
    ]);
    expect(el.querySelector('form #findings')).toBeNull();
    expect(el.textContent).toContain('Former 200 professionnels');
    expect(el.textContent).toContain('CIDFF de la Vienne');
    expect(el.textContent).toContain('Éducation nationale');
    expect(el.textContent).toContain('Commentaires sur cette préconisation (1)');
    expect(el.textContent).toContain('Associer les CCAS.');
    expect(el.textContent).not.toContain('Autre préconisation.');

    byText<HTMLButtonElement>(el, 'button', 'Publier le commentaire').click();
    await settle();
    expect(q(el, '#commentaire-texte-messages').textContent).toContain('obligatoire');
    http.expectNone(`/api/strategies/${STRATEGY_ID}/comments`);

    type(el, '#commentaire-cible', `ACTION:${ACTION_KEY}`, 'change');
    type(el, '#commentaire-texte', ' Prévoir un module sur les mineurs. ');
    byText<HTMLButtonElement>(el, 'button', 'Publier le commentaire').click();
    const req = http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/comments` });
    expect(req.request.body).toEqual({
      targetType: 'ACTION',
      targetKey: ACTION_KEY,
      body: 'Prévoir un module sur les mineurs.',
    });
    req.flush([
      comment(),
      comment({
        id: 'c3',
        targetType: 'ACTION',
        targetKey: ACTION_KEY,
        body: 'Prévoir un module sur les mineurs.',
      }),
    ]);
    await settle();
    expect(el.textContent).toContain('Votre commentaire est publié.');
    expect(el.textContent).toContain('Commentaires sur cette préconisation (2)');
    expect(byText(el, '.cdlp-comment', 'Prévoir un module').textContent).toContain(
      'Former 200 professionnels',
    );
  });

  it('explains why an adopted strategy cannot be edited', async () => {
    const el = await open(
      'SECRETARIAT',
      strategyWithPlan({ state: 'ADOPTED', adoptedVersion: 2, editable: false }),
    );
    expect(el.querySelector('#findings')).toBeNull();
    expect(el.textContent).toContain('La stratégie est adoptée : elle ne change plus.');
  });
});

describe('StrategyFramingPage and StrategyCommentsPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'strategie/:id/cadrage', component: StrategyFramingPage },
      { path: 'strategie/:id/commentaires', component: StrategyCommentsPage },
    ]);
  });

  afterEach(() => http.verify());

  it('edits the introduction, the key figures and the local actions', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/strategie/${STRATEGY_ID}/cadrage`);
    http.expectOne((r) => r.url === '/api/members').flush(page([]));
    http.expectOne((r) => r.url === '/api/associations').flush(page([]));
    http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(strategy());
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    expect(q<HTMLTextAreaElement>(el, '#introduction').value).toBe('Introduction de la stratégie.');
    byText<HTMLButtonElement>(el, 'button', 'Ajouter un chiffre clé').click();
    await settle();
    type(el, '#chiffre-0-libelle', 'Annonces relevées en ligne');
    type(el, '#chiffre-0-valeur', '420');
    type(el, '#chiffre-0-source', 'Diagnostic départemental');
    type(el, '#chiffre-0-annee', '2023');
    byText<HTMLButtonElement>(el, 'button', 'Ajouter une action locale').click();
    await settle();
    // No registry: the lead is typed.
    type(el, '#action-locale-0-titre', 'Publier un annuaire');
    type(el, '#action-locale-0-pilote', 'Préfecture de la Vienne');
    byText<HTMLButtonElement>(el, 'button', 'Enregistrer une nouvelle version').click();
    const req = http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/versions` });
    const body = req.request.body as SaveStrategyVersionDto;
    expect(body.content.figures).toEqual([
      expect.objectContaining({
        label: 'Annonces relevées en ligne',
        value: 420,
        source: 'Diagnostic départemental',
        year: 2023,
      }),
    ]);
    expect(body.content.localActions).toEqual([
      expect.objectContaining({
        title: 'Publier un annuaire',
        lead: { name: 'Préfecture de la Vienne' },
        status: 'NOT_STARTED',
      }),
    ]);
    expect(body.content.recommendations).toHaveLength(12);
    req.flush(strategy({ currentVersion: 3 }));
    await settle();
    expect(el.textContent).toContain('La version 3 de la stratégie est enregistrée.');
  });

  it('lists every comment for the secretariat, with a link to its recommendation', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/strategie/${STRATEGY_ID}/commentaires`);
    http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(strategyWithPlan());
    http.expectOne(`/api/strategies/${STRATEGY_ID}/comments`).flush([
      comment(),
      comment({
        id: 'c2',
        targetType: 'ACTION',
        targetKey: ACTION_KEY,
        authorName: 'Léa Moreau',
        authorRole: 'ASSOCIATION',
      }),
      comment({ id: 'c3', targetType: 'GENERAL', targetKey: null, body: 'Bonne stratégie.' }),
    ]);
    await settle();
    const el = harness.routeNativeElement as HTMLElement;
    expect(el.textContent).toContain('Commentaires généraux (1)');
    expect(el.textContent).toContain('Bonne stratégie.');
    const onAction = byText(el, '.cdlp-comment', 'Léa Moreau');
    expect(onAction.textContent).toContain('Association agréée');
    expect(onAction.textContent).toContain("l'action « Former 200 professionnels »");
    expect(onAction.querySelector('a')?.getAttribute('href')).toBe(
      `/strategie/${STRATEGY_ID}/preconisations/5`,
    );
  });
});
