import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role, SectionDiffDto, SittingListItemDto } from '@cdlp/shared';
import { page } from '../../testing/fixtures';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { StrategyFollowUpPage } from './follow-up.page';
import { StrategyListPage } from './strategy-list.page';
import { StrategyPage } from './strategy.page';
import { defaultYear } from './strategy-labels';
import {
  AUTO_KEY,
  followUp,
  INDICATOR_KEY,
  ACTION_KEY,
  strategy,
  strategyWithPlan,
  STRATEGY_ID,
} from './testing/strategy-fixtures';
import { StrategyVersionsPage } from './versions.page';

const SITTING: SittingListItemDto = {
  id: '77777777-7777-4777-8777-777777777777',
  number: '2026-05',
  kind: 'POLICY',
  mode: 'IN_PERSON',
  state: 'PLANNED',
  startsAt: '2026-12-10T13:00:00Z',
  place: 'Préfecture',
  title: 'Stratégie',
  itemCount: 0,
  secondConvocationOfId: null,
};

describe('strategy pages', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'strategie', component: StrategyListPage },
      { path: 'strategie/:id', component: StrategyPage },
      { path: 'strategie/:id/suivi', component: StrategyFollowUpPage },
      { path: 'strategie/:id/versions', component: StrategyVersionsPage },
    ]);
  });

  afterEach(() => http.verify());

  async function open(role: Role, url: string): Promise<HTMLElement> {
    await signIn(role);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  describe('list', () => {
    it('lists the strategies and lets the secretariat create one', async () => {
      const el = await open('SECRETARIAT', '/strategie');
      http.expectOne('/api/strategies').flush([strategy({ state: 'ADOPTED', adoptedVersion: 2 })]);
      await settle();
      expect(el.querySelector('h1')?.textContent).toBe('Stratégie départementale');
      const row = q(el, '#table-strategies tbody tr');
      expect(row.textContent).toContain('2026-2028');
      expect(row.textContent).toContain('Adoptée');
      expect(row.querySelector('a')?.getAttribute('href')).toBe(`/strategie/${STRATEGY_ID}`);

      const end = q<HTMLInputElement>(el, '#periodEnd');
      end.value = '20x8';
      end.dispatchEvent(new Event('input'));
      byText<HTMLButtonElement>(el, 'button', 'Créer la stratégie').click();
      await settle();
      expect(el.querySelector('#periodEnd-messages')?.textContent).toContain(
        'Indiquez une année sur quatre chiffres',
      );
      http.expectNone('/api/strategies', 'POST');

      end.value = '2030';
      end.dispatchEvent(new Event('input'));
      byText<HTMLButtonElement>(el, 'button', 'Créer la stratégie').click();
      const req = http.expectOne({ method: 'POST', url: '/api/strategies' });
      expect(req.request.body).toEqual(
        expect.objectContaining({ periodEnd: 2030, title: expect.any(String) }),
      );
      req.flush(strategy({ id: 'new-id', currentVersion: 1 }));
      await settle();
      expect(TestBed.inject(Router).url).toBe('/strategie/new-id');
      http.expectOne('/api/strategies/new-id');
    });

    it('offers no creation form to a member', async () => {
      const el = await open('MEMBER', '/strategie');
      http.expectOne('/api/strategies').flush([]);
      await settle();
      expect(el.textContent).toContain("Aucune stratégie n'a encore été rédigée.");
      expect(el.textContent).not.toContain('Nouvelle stratégie');
    });
  });

  describe('dashboard', () => {
    const year = defaultYear(strategy());

    async function dashboard(role: Role, dto = strategyWithPlan()): Promise<HTMLElement> {
      const el = await open(role, `/strategie/${STRATEGY_ID}`);
      http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(dto);
      if (role === 'SECRETARIAT' && dto.state === 'DRAFT') {
        const sittings = http.expectOne((r) => r.url === '/api/sittings');
        expect(sittings.request.params.get('kind')).toBe('POLICY');
        expect(sittings.request.params.get('upcoming')).toBe('true');
        sittings.flush(page([SITTING, { ...SITTING, id: 'x', state: 'OPEN' }]));
      }
      http.expectOne(`/api/strategies/${STRATEGY_ID}/follow-up?year=${year}`).flush(followUp(year));
      await settle();
      return el;
    }

    it('shows the progress per axis in tiles, the late actions and the indicators', async () => {
      const el = await dashboard('MEMBER');
      expect(el.querySelector('h1')?.textContent).toBe('Stratégie départementale 2026-2028');
      expect(q(el, '#etat-strategie').textContent).toContain('En cours de rédaction');
      expect(el.querySelectorAll('.fr-tile')).toHaveLength(6);
      expect(q(el, '#tuile-axe-3 svg[role=img]').getAttribute('aria-label')).toBe(
        'Axe 3 : 2 actions, 1 réalisée(s), 0 en cours, 1 en retard.',
      );
      expect(q(el, '#totaux').textContent).toContain('2 action(s) : 1 réalisée(s), 0 en cours, 1 en retard.');
      expect(byText(el, 'table', 'Former 200 professionnels').textContent).toContain('30 juin 2026');
      expect(byText(el, 'tr', 'Professionnels formés').textContent).toContain('Hors trajectoire');
      expect(
        el.querySelector(`a[href="/api/strategies/${STRATEGY_ID}/follow-up.pdf?year=${year}"]`),
      ).not.toBeNull();
      expect(
        el.querySelector(`a[href="/api/strategies/${STRATEGY_ID}/export.xlsx?kind=followup&year=${year}"]`),
      ).not.toBeNull();
      expect(el.querySelector(`a[href="/strategie/${STRATEGY_ID}/preconisations/5"]`)).not.toBeNull();
      expect(el.textContent).not.toContain('Inscrire à une séance');
    });

    it('reloads the follow-up and the export links for another year', async () => {
      const el = await dashboard('MEMBER');
      const select = q<HTMLSelectElement>(el, '#annee');
      select.value = '2028';
      select.dispatchEvent(new Event('change'));
      http.expectOne(`/api/strategies/${STRATEGY_ID}/follow-up?year=2028`).flush(followUp(2028));
      await settle();
      expect(el.textContent).toContain('Avancement en 2028');
      expect(
        el.querySelector(`a[href="/api/strategies/${STRATEGY_ID}/follow-up.pdf?year=2028"]`),
      ).not.toBeNull();
    });

    it('lets the secretariat put the current version on a planned policy sitting, then withdraw it', async () => {
      const el = await dashboard('SECRETARIAT');
      const options = [...q<HTMLSelectElement>(el, '#sittingId').options].map((o) => o.value);
      expect(options).toContain(SITTING.id);
      expect(options).not.toContain('x');
      byText<HTMLButtonElement>(el, 'button', 'Inscrire à une séance').click();
      const req = http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/agenda` });
      expect(req.request.body).toEqual({ sittingId: SITTING.id, version: 2 });
      req.flush(strategyWithPlan({ state: 'ON_AGENDA', agendaSittingId: SITTING.id, editable: false }));
      await settle();
      expect(q(el, '#etat-strategie').textContent).toContain("Inscrite à l'ordre du jour");
      expect(el.querySelector(`a[href="/seances/${SITTING.id}"]`)).not.toBeNull();

      byText<HTMLButtonElement>(el, 'button', "Retirer de l'ordre du jour").click();
      flushError(
        http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/agenda/withdraw` }),
        409,
        {
          statusCode: 409,
          message: 'Le vote sur la stratégie a commencé : elle ne peut plus être retirée.',
        },
      );
      await settle();
      expect(el.querySelector('[role=alert]')?.textContent).toContain('Le vote sur la stratégie a commencé');
    });

    it('lets the president sign an adopted strategy and download it', async () => {
      const el = await dashboard(
        'PRESIDENT',
        strategyWithPlan({ state: 'ADOPTED', adoptedVersion: 2, editable: false }),
      );
      byText<HTMLButtonElement>(el, 'button', 'Signer la stratégie').click();
      http.expectOne({ method: 'POST', url: `/api/strategies/${STRATEGY_ID}/sign` }).flush(
        strategyWithPlan({
          state: 'SIGNED',
          adoptedVersion: 2,
          signedDocumentId: 'doc-1',
          editable: false,
        }),
      );
      await settle();
      expect(q(el, '#etat-strategie').textContent).toContain('Signée');
      expect(el.textContent).toContain('La stratégie est signée (version 2).');
      expect(byText(el, 'a', 'Télécharger la stratégie signée').getAttribute('href')).toBe(
        '/api/documents/doc-1/content',
      );
      expect(el.textContent).not.toContain('Signer la stratégie');
    });

    it('does not offer the signature to the secretariat', async () => {
      const el = await dashboard(
        'SECRETARIAT',
        strategyWithPlan({ state: 'ADOPTED', adoptedVersion: 2, editable: false }),
      );
      expect(el.textContent).toContain('attend la signature du préfet');
      expect(el.textContent).not.toContain('Signer la stratégie');
    });
  });

  describe('follow-up', () => {
    it('saves the changed action statuses and the manual indicator values; automatic ones are shown computed', async () => {
      const el = await open('SECRETARIAT', `/strategie/${STRATEGY_ID}/suivi`);
      http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(strategyWithPlan());
      await settle();
      const year = defaultYear(strategy());
      const thisYear = Number(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()),
      );

      const status = q<HTMLSelectElement>(el, `#statut-${ACTION_KEY}`);
      status.value = 'DONE';
      status.dispatchEvent(new Event('change'));
      byText<HTMLButtonElement>(el, 'button', 'Enregistrer les statuts').click();
      const progress = http.expectOne({
        method: 'PUT',
        url: `/api/strategies/${STRATEGY_ID}/action-progress`,
      });
      expect(progress.request.body).toEqual({ actionKey: ACTION_KEY, year: thisYear, status: 'DONE' });
      progress.flush(strategyWithPlan({ actionStatus: { [ACTION_KEY]: 'DONE' } }));
      await settle();
      expect(el.textContent).toContain(`1 statut(s) d'action enregistré(s) pour ${thisYear}.`);

      // The automatic indicator has no input; the manual one does.
      expect(el.querySelector(`#valeur-${AUTO_KEY}`)).toBeNull();
      expect(byText(el, 'tr', 'Demandes déposées').textContent).toContain('Calculé par le portail');
      const input = q<HTMLInputElement>(el, `#valeur-${INDICATOR_KEY}`);
      input.value = 'beaucoup';
      input.dispatchEvent(new Event('input'));
      byText<HTMLButtonElement>(el, 'button', 'Enregistrer les valeurs').click();
      await settle();
      expect(el.querySelector('[role=alert]')?.textContent).toContain('ne sont pas des nombres');
      http.expectNone(`/api/strategies/${STRATEGY_ID}/indicator-values`);

      input.value = '95,5';
      input.dispatchEvent(new Event('input'));
      byText<HTMLButtonElement>(el, 'button', 'Enregistrer les valeurs').click();
      const value = http.expectOne({ method: 'PUT', url: `/api/strategies/${STRATEGY_ID}/indicator-values` });
      expect(value.request.body).toEqual({ indicatorKey: INDICATOR_KEY, year, value: 95.5 });
      value.flush(strategyWithPlan({ indicatorValues: { [INDICATOR_KEY]: { [String(year)]: 95.5 } } }));
      await settle();
      expect(el.textContent).toContain(`1 valeur(s) enregistrée(s) pour ${year}.`);
      // One chart per indicator, each followed by its table.
      expect(el.querySelectorAll('cdlp-indicator-chart svg[role=img]')).toHaveLength(2);
      expect(el.querySelectorAll('cdlp-indicator-chart table')).toHaveLength(2);
    });

    it('STRAT-1: corrects the action statuses of a past year, entered for that year only', async () => {
      const thisYear = Number(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()),
      );
      const past = thisYear - 1;
      const dto = strategyWithPlan({ periodStart: past, periodEnd: thisYear + 2 });
      const el = await open('SECRETARIAT', `/strategie/${STRATEGY_ID}/suivi`);
      http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(dto);
      await settle();
      const yearSelect = q<HTMLSelectElement>(el, '#annee-statuts');
      // From the baseline year to this year: no status is entered for a year to come.
      expect([...yearSelect.options].map((o) => o.value)).toEqual([thisYear, past, past - 1].map(String));
      yearSelect.value = String(past);
      yearSelect.dispatchEvent(new Event('change'));
      await settle();
      http
        .expectOne({ method: 'GET', url: `/api/strategies/${STRATEGY_ID}/action-statuses?year=${past}` })
        .flush({ year: past, statuses: { [ACTION_KEY]: 'IN_PROGRESS' }, entered: [ACTION_KEY] });
      await settle();
      expect(q(el, '#statuts-titre').textContent).toContain(`Statut des actions en ${past}`);
      const status = q<HTMLSelectElement>(el, `#statut-${ACTION_KEY}`);
      expect(status.value).toBe('IN_PROGRESS');
      status.value = 'DONE';
      status.dispatchEvent(new Event('change'));
      byText<HTMLButtonElement>(el, 'button', `Enregistrer les statuts ${past}`).click();
      const put = http.expectOne({ method: 'PUT', url: `/api/strategies/${STRATEGY_ID}/action-progress` });
      expect(put.request.body).toEqual({ actionKey: ACTION_KEY, year: past, status: 'DONE' });
      put.flush(dto);
      await settle();
      // The past year is read back from the api.
      http
        .expectOne(`/api/strategies/${STRATEGY_ID}/action-statuses?year=${past}`)
        .flush({ year: past, statuses: { [ACTION_KEY]: 'DONE' }, entered: [ACTION_KEY] });
      await settle();
      expect(el.textContent).toContain(`1 statut(s) d'action enregistré(s) pour ${past}.`);
      expect(q<HTMLSelectElement>(el, `#statut-${ACTION_KEY}`).value).toBe('DONE');

      // Back to this year: the strategy's own statuses, without a request.
      yearSelect.value = String(thisYear);
      yearSelect.dispatchEvent(new Event('change'));
      await settle();
      http.expectNone(`/api/strategies/${STRATEGY_ID}/action-statuses?year=${thisYear}`);
      expect(q(el, '#statuts-titre').textContent).toContain(`Statut des actions en ${thisYear}`);
    });

    it('shows the values read-only to a member', async () => {
      const el = await open('MEMBER', `/strategie/${STRATEGY_ID}/suivi`);
      http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(strategyWithPlan());
      await settle();
      expect(el.querySelector('input.fr-input')).toBeNull();
      expect(el.querySelector('select.fr-select:not(#annee-valeurs):not(#annee-statuts)')).toBeNull();
      expect(el.textContent).not.toContain('Enregistrer les statuts');
    });
  });

  describe('versions', () => {
    it('compares two versions section by section', async () => {
      const el = await open('MEMBER', `/strategie/${STRATEGY_ID}/versions`);
      http.expectOne(`/api/strategies/${STRATEGY_ID}`).flush(strategy());
      await settle();
      byText<HTMLButtonElement>(el, 'button', 'Comparer').click();
      const diff: SectionDiffDto[] = [
        {
          section: 'recommendation-5',
          label: 'Préconisation 5 — Former',
          changes: ['Action ajoutée : Former les agents.'],
        },
      ];
      http.expectOne(`/api/strategies/${STRATEGY_ID}/diff?from=1&to=2`).flush(diff);
      await settle();
      expect(el.textContent).toContain('Différences entre les versions 1 et 2');
      expect(el.textContent).toContain('Action ajoutée : Former les agents.');

      byText<HTMLButtonElement>(el, 'button', 'Comparer').click();
      http.expectOne(`/api/strategies/${STRATEGY_ID}/diff?from=1&to=2`).flush([]);
      await settle();
      expect(el.textContent).toContain('Aucune différence entre ces deux versions.');
    });
  });
});
