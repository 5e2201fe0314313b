import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@cdlp/shared';
import { q, settle, signIn, setUpPageTest } from '../../testing/test-helpers';
import { BrowserLocation } from '../core/browser-location';
import { FlashService } from '../core/flash.service';
import { HeaderComponent } from './header.component';
import { navItemsFor } from './nav-items';

@Component({ imports: [HeaderComponent], template: '<cdlp-header />' })
class HostPage {}

describe('HeaderComponent', () => {
  let http: HttpTestingController;
  const location = { assign: jest.fn<void, [string]>() };

  beforeEach(() => {
    location.assign.mockReset();
    http = setUpPageTest(
      [
        { path: '', component: HostPage },
        { path: 'membres', component: HostPage },
        { path: 'connexion', component: HostPage },
      ],
      [{ provide: BrowserLocation, useValue: location }],
    );
  });

  afterEach(() => http.verify());

  async function render(role: Role | null, url = '/'): Promise<HTMLElement> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  const navLabels = (el: HTMLElement) =>
    [...el.querySelectorAll('.fr-nav__link')].map((a) => a.textContent?.trim());
  /** The expected sections, in this order (sections added elsewhere may sit between them). */
  const expectNav = (el: HTMLElement, expected: string[]) =>
    expect(navLabels(el).filter((l) => expected.includes(l ?? ''))).toEqual(expected);

  it('shows the République française block and the service name', async () => {
    const el = await render(null);
    expect(el.querySelector('.fr-logo')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'République française',
    );
    expect(el.querySelector('.fr-header__service-title')?.textContent?.trim()).toBe(
      'Commission départementale de lutte contre la prostitution',
    );
  });

  it('has no navigation nor user menu for an anonymous visitor', async () => {
    const el = await render(null);
    expect(el.querySelector('nav.fr-nav')).toBeNull();
    expect(el.textContent).not.toContain('Se déconnecter');
  });

  it('shows the secretariat the requests, pathways, sittings, registry and e-mail sections', async () => {
    const el = await render('SECRETARIAT');
    expectNav(el, [
      'Tableau de bord',
      'Demandes',
      'Parcours',
      'Séances',
      'Membres',
      'Associations',
      'Courriels',
    ]);
    expect(el.querySelector('.fr-header__tools-links')?.textContent).toContain('Mon compte');
  });

  it('shows the administrator the accounts and the audit log', async () => {
    const el = await render('ADMIN');
    expectNav(el, [
      'Tableau de bord',
      'Membres',
      'Associations',
      'Courriels',
      'Comptes utilisateurs',
      "Journal d'audit",
    ]);
  });

  it('TENANT-1: names the commission of a département account in the tagline (« CDLP de la Gironde »)', async () => {
    const el = await render('SECRETARIAT');
    const tagline = q(el, '.fr-header__service-tagline');
    expect(q(tagline, '.cdlp-header-place').textContent?.trim()).toBe('CDLP de la Gironde');
    expect(tagline.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'CDLP de la Gironde - Camille Martin, Secrétariat (DDFE)',
    );
  });

  it.each([
    ['SUPERVISOR', ['Tableau de bord', 'Statistiques nationales', 'Vérifier un document']],
    [
      'NATIONAL_ADMIN',
      ['Tableau de bord', 'Statistiques nationales', 'Départements', 'Vérifier un document'],
    ],
  ] as const)(
    'TENANT-1: gives the %s account the national sections only, and says it works at the national level',
    async (role, expected) => {
      const el = await render(role);
      expect(navLabels(el)).toEqual(expected);
      const tagline = q(el, '.fr-header__service-tagline').textContent ?? '';
      expect(tagline).toContain('Niveau national');
      expect(tagline).not.toContain('CDLP de');
      expect(el.querySelector('.fr-header__tools-links')?.textContent).toContain('Mon compte');
    },
  );

  it('TENANT-1: gives no département role the national sections', async () => {
    for (const role of ['SECRETARIAT', 'PRESIDENT', 'MEMBER', 'ASSOCIATION', 'ADMIN'] as const) {
      expect(navItemsFor(role).some((i) => i.path.startsWith('/national'))).toBe(false);
    }
  });

  it('marks the current section with aria-current', async () => {
    const el = await render('PRESIDENT', '/membres');
    const current = el.querySelector('.fr-nav__link[aria-current=page]');
    expect(current?.textContent?.trim()).toBe('Membres');
  });

  it('logs out and goes to the login page', async () => {
    const el = await render('MEMBER');
    q<HTMLButtonElement>(el, '.fr-header__tools-links button').click();
    http
      .expectOne({ method: 'POST', url: '/api/auth/logout' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/connexion');
    expect(TestBed.inject(FlashService).message()?.text).toBe('Vous êtes déconnecté(e).');
    expect(location.assign).not.toHaveBeenCalled();
  });

  it('ends the ProConnect session too after logging out of a session opened with ProConnect', async () => {
    const el = await render('SECRETARIAT');
    q<HTMLButtonElement>(el, '.fr-header__tools-links button').click();
    const endSessionUrl = 'https://auth.agentconnect.gouv.fr/api/v2/session/end?id_token_hint=ey&state=s';
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush({ endSessionUrl });
    await settle();
    expect(location.assign).toHaveBeenCalledWith(endSessionUrl);
  });
});

describe('navItemsFor', () => {
  const paths = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((i) => i.path);
  const KNOWN = [
    '/',
    '/demandes',
    '/parcours',
    '/seances',
    '/membres',
    '/associations',
    '/administration/courriels',
    '/administration/comptes',
    '/administration/journal',
  ];
  const known = (role: Parameters<typeof navItemsFor>[0]) => paths(role).filter((p) => KNOWN.includes(p));

  it('gives members their sittings and associations their requests and pathways', () => {
    expect(known('MEMBER')).toEqual(['/', '/seances']);
    expect(known('ASSOCIATION')).toEqual(['/', '/demandes', '/parcours']);
  });

  it('gives the president read access and the audit log', () => {
    expect(known('PRESIDENT')).toEqual([
      '/',
      '/demandes',
      '/parcours',
      '/seances',
      '/membres',
      '/associations',
      '/administration/journal',
    ]);
  });

  it('gives the settings screens to the administrator, and the dated parameters to the secretariat', () => {
    const settings = [
      '/administration/parametres',
      '/administration/pieces-justificatives',
      '/administration/departement',
    ];
    expect(paths('ADMIN').filter((p) => settings.includes(p))).toEqual(settings);
    expect(paths('SECRETARIAT').filter((p) => settings.includes(p))).toEqual(['/administration/parametres']);
    expect(paths('PRESIDENT').filter((p) => settings.includes(p))).toEqual([]);
  });

  it('gives nothing to an anonymous visitor', () => {
    expect(navItemsFor(null)).toEqual([]);
  });
});
