import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { nationalDepartement } from '../../testing/fixtures';
import { byText, flushError, q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { FlashService } from '../core/flash.service';
import { DepartementFormPage } from './departement-form.page';
import { DepartementListPage, selectDepartements } from './departement-list.page';
import { DepartementPage } from './departement.page';

const ROUTES = [
  { path: 'national/departements', component: DepartementListPage },
  { path: 'national/departements/nouveau', component: DepartementFormPage },
  { path: 'national/departements/:code', component: DepartementPage },
  { path: 'national/departements/:code/modifier', component: DepartementFormPage },
];

const DEUX_SEVRES = nationalDepartement({
  code: '79',
  name: 'Deux-Sèvres',
  prefecture: 'Niort',
  mailSenderName: 'CDLP des Deux-Sèvres',
  accounts: 6,
  activeAccounts: 5,
  accountsByRole: { SECRETARIAT: 1, PRESIDENT: 1, MEMBER: 2, ASSOCIATION: 1, ADMIN: 1 },
});

describe('Départements of the national administration (TENANT-1)', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    http = setUpPageTest(ROUTES);
    await signIn('NATIONAL_ADMIN');
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  async function go(url: string): Promise<HTMLElement> {
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  function type(el: HTMLElement, id: string, value: string): void {
    const input = q<HTMLInputElement>(el, `#${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  describe('the list', () => {
    it('TENANT-1: lists the départements with their prefecture, state, sender and account counts (no account named)', async () => {
      const el = await go('/national/departements');
      http
        .expectOne('/api/national/departements')
        .flush([nationalDepartement(), { ...DEUX_SEVRES, active: false }]);
      await settle();
      expect(el.textContent).toContain('2 départements trouvés');
      const rows = [...el.querySelectorAll('#table-departements tbody tr')];
      expect(rows.map((r) => r.querySelector('td')?.textContent?.trim())).toEqual(['79', '86']);
      expect(rows[0].textContent).toContain('Niort');
      expect(rows[0].textContent).toContain('Fermé');
      expect(rows[0].textContent).toContain('CDLP des Deux-Sèvres');
      expect(rows[0].textContent).toContain('6 comptes, dont 5 actifs');
      expect(rows[1].textContent).toContain('5 comptes, tous actifs');
      expect(q(rows[1], 'a').getAttribute('href')).toBe('/national/departements/86');
      expect(el.querySelector('a[href="/national/departements/nouveau"]')?.textContent).toContain(
        'Ouvrir un département',
      );
    });

    it('TENANT-1: searches without accents and filters by state, from the URL, with one request', async () => {
      const el = await go('/national/departements?search=sevres');
      http.expectOne('/api/national/departements').flush([nationalDepartement(), DEUX_SEVRES]);
      await settle();
      expect(el.textContent).toContain('1 département trouvé');
      await harness.navigateByUrl('/national/departements?status=closed');
      await settle();
      http.expectNone('/api/national/departements');
      expect(el.textContent).toContain('Aucun département ne correspond à votre recherche.');
    });

    it('TENANT-1: sorts by name, prefecture and accounts', () => {
      const all = [
        nationalDepartement(),
        DEUX_SEVRES,
        nationalDepartement({ code: '01', name: 'Ain', prefecture: 'Bourg-en-Bresse', accounts: 1 }),
      ];
      const q0 = { search: '', status: 'all' as const, order: 'asc' as const };
      expect(selectDepartements(all, { ...q0, sort: 'name' }).map((d) => d.code)).toEqual(['01', '79', '86']);
      expect(selectDepartements(all, { ...q0, sort: 'prefecture' }).map((d) => d.code)).toEqual([
        '01',
        '79',
        '86',
      ]);
      expect(selectDepartements(all, { ...q0, sort: 'accounts', order: 'desc' }).map((d) => d.code)).toEqual([
        '79',
        '86',
        '01',
      ]);
    });
  });

  describe('opening a département', () => {
    it('TENANT-1: checks the fields before sending, in French', async () => {
      const el = await go('/national/departements/nouveau');
      type(el, 'code', '99');
      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      await settle();
      expect(el.textContent).toContain('Le code du département est invalide : 01 à 95, 2A, 2B ou 971 à 976.');
      expect(el.textContent).toContain('Le champ « Nom du département » est obligatoire.');
      expect(el.textContent).toContain('Le champ « Adresse électronique » est obligatoire.');
      expect(document.activeElement?.id).toBe('code');
    });

    it('TENANT-1: proposes the sender name from the département’s name until it is typed by hand', async () => {
      const el = await go('/national/departements/nouveau');
      type(el, 'code', '2a');
      type(el, 'name', 'Corse-du-Sud');
      await settle();
      expect(q<HTMLInputElement>(el, '#mailSenderName').value).toBe('CDLP de la Corse-du-Sud');
      expect(el.textContent).toContain('par exemple : CDLP de la Corse-du-Sud');
      type(el, 'mailSenderName', 'Commission de Corse-du-Sud');
      type(el, 'name', 'Corse du Sud');
      await settle();
      expect(q<HTMLInputElement>(el, '#mailSenderName').value).toBe('Commission de Corse-du-Sud');
    });

    function fill(el: HTMLElement): void {
      type(el, 'code', '2a');
      type(el, 'name', 'Corse-du-Sud');
      type(el, 'prefecture', 'Ajaccio');
      type(el, 'secretariatEmail', 'ddfe@corse-du-sud.gouv.fr');
      type(el, 'secretariatFirstName', 'Lucia');
      type(el, 'secretariatLastName', 'Santoni');
    }

    it('TENANT-1: sends the département and its first secretariat account, then shows its page with the activation e-mail', async () => {
      const el = await go('/national/departements/nouveau');
      fill(el);
      await settle();
      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      const req = http.expectOne({ method: 'POST', url: '/api/national/departements' });
      expect(req.request.body).toEqual({
        code: '2A',
        name: 'Corse-du-Sud',
        prefecture: 'Ajaccio',
        mailSenderName: 'CDLP de la Corse-du-Sud',
        secretariatEmail: 'ddfe@corse-du-sud.gouv.fr',
        secretariatFirstName: 'Lucia',
        secretariatLastName: 'Santoni',
      });
      req.flush(nationalDepartement({ code: '2A', name: 'Corse-du-Sud', accounts: 1, activeAccounts: 1 }));
      await settle();
      expect(TestBed.inject(Router).url).toBe('/national/departements/2A');
      expect(TestBed.inject(FlashService).message()?.text).toContain(
        'Le département 2A Corse-du-Sud est ouvert. Le courriel d’activation du compte du secrétariat part vers ddfe@corse-du-sud.gouv.fr.',
      );
      http
        .expectOne('/api/national/departements/2A')
        .flush(nationalDepartement({ code: '2A', name: 'Corse-du-Sud' }));
    });

    it('TENANT-1: shows the API’s French errors on their fields (409 already open, e-mail already used)', async () => {
      const el = await go('/national/departements/nouveau');
      fill(el);
      await settle();
      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      flushError(http.expectOne({ method: 'POST', url: '/api/national/departements' }), 400, {
        statusCode: 400,
        message: 'Certains champs sont invalides.',
        errors: [{ field: 'secretariatEmail', message: 'Cette adresse électronique est déjà utilisée.' }],
      });
      await settle();
      expect(q(el, '[role=alert]').textContent).toContain('Certains champs sont invalides.');
      expect(q(el, '#secretariatEmail-messages').textContent).toContain(
        'Cette adresse électronique est déjà utilisée.',
      );
      expect(q(el, '#secretariatEmail').getAttribute('aria-invalid')).toBe('true');

      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      flushError(http.expectOne({ method: 'POST', url: '/api/national/departements' }), 409, {
        statusCode: 409,
        message: 'Le département 2A est déjà ouvert sur le portail.',
      });
      await settle();
      expect(q(el, '[role=alert]').textContent).toContain(
        'Le département 2A est déjà ouvert sur le portail.',
      );
      expect(TestBed.inject(Router).url).toBe('/national/departements/nouveau');
    });
  });

  describe('a département’s page', () => {
    async function openPage(d = DEUX_SEVRES): Promise<HTMLElement> {
      const el = await go(`/national/departements/${d.code}`);
      http.expectOne(`/api/national/departements/${d.code}`).flush(d);
      await settle();
      return el;
    }

    it('TENANT-1: shows the registry entry and the account counts by role', async () => {
      const el = await openPage();
      expect(q(el, 'h1').textContent).toBe('79 Deux-Sèvres');
      const details = q(el, '.cdlp-details').textContent ?? '';
      expect(details).toContain('Niort');
      expect(details).toContain('CDLP des Deux-Sèvres');
      expect(el.textContent).toContain('6 comptes, dont 5 actifs');
      expect(el.textContent).toContain('Membre de la commission : 2');
      expect(el.textContent).toContain('Ouvert');
      expect(el.querySelector('a[href="/national/departements/79/modifier"]')).not.toBeNull();
    });

    it('TENANT-1: explains what closing does and closes only once confirmed', async () => {
      const el = await openPage();
      const toggle = byText<HTMLButtonElement>(el, 'button', 'Fermer le département');
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      toggle.click();
      await settle();
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      const panel = q(el, '#confirmation-etat');
      expect(q(panel, 'h2').textContent).toContain('Fermer le département 79 ?');
      expect(panel.textContent).toContain('En fermant la CDLP des Deux-Sèvres');
      expect(panel.textContent).toContain('ne peuvent plus se connecter');
      expect(panel.textContent).toContain('les sessions ouvertes se terminent aussitôt');
      expect(panel.textContent).toContain('ses traitements automatiques s’arrêtent');
      expect(panel.textContent).toContain('rien n’est supprimé');
      http.expectNone({ method: 'PUT' });

      byText<HTMLButtonElement>(panel, 'button', 'Annuler').click();
      await settle();
      expect(el.querySelector('#confirmation-etat')).toBeNull();

      byText<HTMLButtonElement>(el, 'button', 'Fermer le département').click();
      await settle();
      byText<HTMLButtonElement>(el, 'button', 'Confirmer la fermeture').click();
      const req = http.expectOne({ method: 'PUT', url: '/api/national/departements/79' });
      expect(req.request.body).toEqual({
        name: 'Deux-Sèvres',
        prefecture: 'Niort',
        mailSenderName: 'CDLP des Deux-Sèvres',
        active: false,
      });
      req.flush({ ...DEUX_SEVRES, active: false });
      await settle();
      expect(el.querySelector('#confirmation-etat')).toBeNull();
      expect(q(el, '.fr-alert--success').textContent).toContain(
        'Le département 79 est fermé : ses comptes ne peuvent plus se connecter',
      );
      expect(el.textContent).toContain('Fermé');
      expect(byText(el, 'button', 'Rouvrir le département')).toBeTruthy();
    });

    it('TENANT-1: reopens a closed département once confirmed', async () => {
      const el = await openPage({ ...DEUX_SEVRES, active: false });
      byText<HTMLButtonElement>(el, 'button', 'Rouvrir le département').click();
      await settle();
      expect(q(el, '#confirmation-etat').textContent).toContain('peuvent de nouveau se connecter');
      byText<HTMLButtonElement>(el, 'button', 'Confirmer la réouverture').click();
      const req = http.expectOne({ method: 'PUT', url: '/api/national/departements/79' });
      expect(req.request.body.active).toBe(true);
      req.flush(DEUX_SEVRES);
      await settle();
      expect(q(el, '.fr-alert--success').textContent).toContain('Le département 79 est rouvert');
    });

    it('TENANT-1: says so when the département does not exist', async () => {
      const el = await go('/national/departements/01');
      flushError(http.expectOne('/api/national/departements/01'), 404, {
        statusCode: 404,
        message: 'Département inconnu.',
      });
      await settle();
      expect(q(el, '[role=alert]').textContent).toContain('Département inconnu.');
      expect(byText(el, 'a', 'Retour à la liste des départements').getAttribute('href')).toBe(
        '/national/departements',
      );
    });
  });

  describe('changing a département', () => {
    it('TENANT-1: loads it, sends the change with its state unchanged, and goes back to its page', async () => {
      const el = await go('/national/departements/79/modifier');
      http.expectOne('/api/national/departements/79').flush({ ...DEUX_SEVRES, active: false });
      await settle();
      expect(q(el, 'h1').textContent).toBe('Modifier le département 79');
      expect(el.querySelector('#code')).toBeNull();
      expect(el.querySelector('#secretariatEmail')).toBeNull();
      expect(q<HTMLInputElement>(el, '#prefecture').value).toBe('Niort');
      type(el, 'mailSenderName', 'Commission "79"');
      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      await settle();
      expect(el.textContent).toContain('Le nom d’expéditeur ne peut contenir ni guillemets');
      http.expectNone({ method: 'PUT' });

      type(el, 'mailSenderName', 'CDLP 79');
      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      const req = http.expectOne({ method: 'PUT', url: '/api/national/departements/79' });
      expect(req.request.body).toEqual({
        name: 'Deux-Sèvres',
        prefecture: 'Niort',
        mailSenderName: 'CDLP 79',
        active: false,
      });
      flushError(req, 400, {
        statusCode: 400,
        message: 'Certains champs sont invalides.',
        errors: [{ field: 'prefecture', message: 'La préfecture est obligatoire.' }],
      });
      await settle();
      expect(q(el, '#prefecture-messages').textContent).toContain('La préfecture est obligatoire.');

      q<HTMLButtonElement>(el, 'button[type=submit]').click();
      http
        .expectOne({ method: 'PUT', url: '/api/national/departements/79' })
        .flush({ ...DEUX_SEVRES, mailSenderName: 'CDLP 79' });
      await settle();
      expect(TestBed.inject(Router).url).toBe('/national/departements/79');
      expect(TestBed.inject(FlashService).message()?.text).toBe('Les modifications ont été enregistrées.');
      http.expectOne('/api/national/departements/79').flush(DEUX_SEVRES);
    });
  });
});
