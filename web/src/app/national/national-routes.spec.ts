import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Route, Router, Routes } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Role } from '@cdlp/shared';
import { signIn, setUpPageTest } from '../../testing/test-helpers';
import { ADMIN_ROUTES } from '../admin/admin.routes';
import { routes as APP_ROUTES } from '../app.routes';
import { NATIONAL_ROUTES } from './national.routes';

@Component({ template: 'page' })
class DummyPage {}

/** The route with its guards and data, the page replaced: only the permissions are under test. */
function guardsOnly(route: Route): Route {
  const { loadComponent: _c, loadChildren: _l, children, ...rest } = route;
  if (route.redirectTo) return rest;
  return { ...rest, component: DummyPage, ...(children ? { children: children.map(guardsOnly) } : {}) };
}

const appRoute = (path: string): Route => {
  const found = APP_ROUTES.find((r) => r.path === path);
  if (!found) throw new Error(`no app route ${path}`);
  return guardsOnly(found);
};

const TEST_ROUTES: Routes = [
  { ...appRoute('national'), children: NATIONAL_ROUTES.map(guardsOnly) },
  ...[
    'membres',
    'demandes',
    'seances',
    'strategie',
    'parcours',
    'associations',
    'mon-compte',
    'verification',
  ].map(appRoute),
  { path: 'administration', children: ADMIN_ROUTES.map(guardsOnly) },
  { path: 'acces-refuse', component: DummyPage },
  { path: 'connexion', component: DummyPage },
];

const NATIONAL_PAGES = [
  '/national/statistiques?annee=2026',
  '/national/departements',
  '/national/departements/nouveau',
  '/national/departements/79',
  '/national/departements/79/modifier',
];

describe('TENANT-1: who may open the national pages', () => {
  beforeEach(() => setUpPageTest(TEST_ROUTES));

  async function landing(role: Role | null, url: string): Promise<string> {
    await signIn(role);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return TestBed.inject(Router).url;
  }

  const allowed: Record<Role, string[]> = {
    SUPERVISOR: ['/national/statistiques?annee=2026'],
    NATIONAL_ADMIN: NATIONAL_PAGES,
    SECRETARIAT: [],
    PRESIDENT: [],
    MEMBER: [],
    ASSOCIATION: [],
    ADMIN: [],
  };

  for (const [role, pages] of Object.entries(allowed) as [Role, string[]][]) {
    it.each(NATIONAL_PAGES)(`TENANT-1: ${role} on %s`, async (url) => {
      const expected = pages.includes(url) ? url : '/acces-refuse';
      expect(await landing(role, url)).toBe(expected);
    });
  }

  it('TENANT-1: /national goes to the statistics', async () => {
    expect(await landing('SUPERVISOR', '/national')).toBe('/national/statistiques');
  });

  it('TENANT-1: an anonymous visitor goes to the login page, with the way back', async () => {
    expect(await landing(null, '/national/departements')).toBe(
      '/connexion?retour=%2Fnational%2Fdepartements',
    );
  });

  it.each(['SUPERVISOR', 'NATIONAL_ADMIN'] as const)(
    'TENANT-1: a %s account is refused every département page, but keeps its account and the verification',
    async (role) => {
      for (const url of [
        '/membres',
        '/demandes',
        '/seances',
        '/strategie',
        '/parcours',
        '/associations',
        '/administration/comptes',
      ]) {
        TestBed.resetTestingModule();
        setUpPageTest(TEST_ROUTES);
        expect({ url, landed: await landing(role, url) }).toEqual({ url, landed: '/acces-refuse' });
      }
      for (const url of ['/mon-compte', '/verification']) {
        TestBed.resetTestingModule();
        setUpPageTest(TEST_ROUTES);
        expect(await landing(role, url)).toBe(url);
      }
    },
  );
});
