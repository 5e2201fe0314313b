import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ROLES, type Role } from '@cdlp/shared';
import { page } from '../../testing/fixtures';
import { settle, signIn } from '../../testing/test-helpers';
import { tilesFor } from './dashboard';
import { HomePage } from './home.page';

describe('HomePage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: '', component: HomePage }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function open(role: Role): Promise<HTMLElement> {
    await signIn(role, { associationName: role === 'ASSOCIATION' ? 'Association Le Nid' : null });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/');
    http
      .expectOne('/api/registry/departement')
      .flush({ code: '33', name: 'Gironde', prefecture: 'Bordeaux' });
    return harness.routeNativeElement as HTMLElement;
  }

  const tileTitles = (el: HTMLElement) =>
    [...el.querySelectorAll('.fr-tile__title')].map((t) => t.textContent?.trim());

  it('welcomes the secretariat with its tools and the key figures', async () => {
    const el = await open('SECRETARIAT');
    http.expectOne((r) => r.url === '/api/members').flush(page([], 14));
    http.expectOne((r) => r.url === '/api/associations').flush(page([], 1));
    await settle();
    expect(el.querySelector('h1')?.textContent).toBe('Bonjour Camille Martin');
    expect(el.textContent).toContain('Gironde (33)');
    expect(el.textContent).toContain('14 membres en fonction');
    expect(el.textContent).toContain('1 association agréée');
    expect(tileTitles(el)).toEqual([
      'Membres de la commission',
      'Ajouter un membre',
      'Importer des membres',
      'Associations agréées',
      'Mon compte',
    ]);
    expect(el.textContent).toContain('Aucune séance programmée.');
  });

  it('shows an association its requests, without registry tools', async () => {
    const el = await open('ASSOCIATION');
    await settle();
    expect(el.textContent).toContain('Association Le Nid');
    expect(tileTitles(el)).toEqual(['Mon compte']);
    expect(el.textContent).toContain('Aucune demande en cours.');
  });

  it('gives the administrator the accounts and the audit log', async () => {
    const el = await open('ADMIN');
    http.expectOne((r) => r.url === '/api/members').flush(page([], 0));
    http.expectOne((r) => r.url === '/api/associations').flush(page([], 0));
    await settle();
    expect(tileTitles(el)).toContain('Comptes utilisateurs');
    expect(tileTitles(el)).toContain("Journal d'audit");
    expect(tileTitles(el)).not.toContain('Ajouter un membre');
  });
});

describe('tilesFor', () => {
  it('gives every role at least its account', () => {
    for (const role of ROLES) expect(tilesFor(role).map((t) => t.path)).toContain('/mon-compte');
  });
});
