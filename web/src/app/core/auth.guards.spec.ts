import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Permission } from '@cdlp/shared';
import { signIn } from '../../testing/test-helpers';
import { authGuard, guestGuard, permissionGuard, safeReturnUrl } from './auth.guards';

@Component({ template: 'page' })
class DummyPage {}

describe('route guards', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: DummyPage, canActivate: [authGuard] },
          { path: 'connexion', component: DummyPage, canActivate: [guestGuard] },
          { path: 'acces-refuse', component: DummyPage },
          {
            path: 'membres',
            component: DummyPage,
            canActivate: [permissionGuard],
            data: { permission: Permission.MEMBERS_READ },
          },
        ]),
      ],
    });
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('sends an anonymous visitor of /membres to the login page with the return address', async () => {
    await signIn(null);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres?page=2');
    expect(TestBed.inject(Router).url).toBe('/connexion?retour=%2Fmembres%3Fpage%3D2');
  });

  it('lets a secretariat user open /membres', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres');
    expect(TestBed.inject(Router).url).toBe('/membres');
  });

  it('sends a member without MEMBERS_READ to the access denied page', async () => {
    await signIn('MEMBER');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres');
    expect(TestBed.inject(Router).url).toBe('/acces-refuse');
  });

  it('sends a logged-in user away from the login page', async () => {
    await signIn('ASSOCIATION');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/connexion');
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('protects the dashboard', async () => {
    await signIn(null);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/');
    expect(TestBed.inject(Router).url).toBe('/connexion?retour=%2F');
  });
});

describe('safeReturnUrl', () => {
  it('accepts same-site paths only', () => {
    expect(safeReturnUrl('/membres?page=2')).toBe('/membres?page=2');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('/connexion')).toBe('/');
    expect(safeReturnUrl(null)).toBe('/');
  });
});
