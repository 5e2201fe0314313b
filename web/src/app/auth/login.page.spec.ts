import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { fakeUser, q, settle, setUpPageTest } from '../../testing/test-helpers';
import { AuthService } from '../core/auth.service';
import { LoginPage } from './login.page';

@Component({ template: 'page' })
class DummyPage {}

describe('LoginPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  async function open(url = '/connexion'): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness.routeNativeElement as HTMLElement;
  }

  function type(el: HTMLElement, selector: string, value: string): void {
    const input = q<HTMLInputElement>(el, selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  beforeEach(() => {
    http = setUpPageTest([
      { path: 'connexion', component: LoginPage },
      { path: 'membres', component: DummyPage },
      { path: '', component: DummyPage },
    ]);
  });

  afterEach(() => http.verify());

  it('shows French field errors and does not call the API when the form is empty', async () => {
    const el = await open();
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle();
    expect(el.textContent).toContain('Le champ « Adresse électronique » est obligatoire.');
    expect(el.textContent).toContain('Le champ « Mot de passe » est obligatoire.');
    expect(q(el, '#email').getAttribute('aria-invalid')).toBe('true');
    http.expectNone('/api/auth/login');
  });

  it('logs in and goes to the dashboard', async () => {
    const el = await open();
    type(el, '#email', ' secretariat@demo.cdlp.fr ');
    type(el, '#password', 'Demo-CDLP-2026!');
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ email: 'secretariat@demo.cdlp.fr', password: 'Demo-CDLP-2026!' });
    req.flush(fakeUser('SECRETARIAT'));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/');
    expect(TestBed.inject(AuthService).role()).toBe('SECRETARIAT');
  });

  it('goes back to the page asked before logging in', async () => {
    const el = await open('/connexion?retour=%2Fmembres');
    type(el, '#email', 'president@demo.cdlp.fr');
    type(el, '#password', 'Demo-CDLP-2026!');
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    http.expectOne('/api/auth/login').flush(fakeUser('PRESIDENT'));
    await settle();
    expect(TestBed.inject(Router).url).toBe('/membres');
  });

  it('shows the message of the API when the credentials are refused', async () => {
    const el = await open();
    type(el, '#email', 'secretariat@demo.cdlp.fr');
    type(el, '#password', 'wrong password');
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, message: 'Adresse électronique ou mot de passe incorrect.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settle();
    const alert = el.querySelector('[role=alert]');
    expect(alert?.textContent).toContain('Adresse électronique ou mot de passe incorrect.');
    expect(q<HTMLInputElement>(el, '#password').value).toBe('');
    expect(TestBed.inject(Router).url).toBe('/connexion');
  });

  it('shows the lockout message of a 429 answer', async () => {
    const el = await open();
    type(el, '#email', 'secretariat@demo.cdlp.fr');
    type(el, '#password', 'wrong password');
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 429, message: 'Trop de tentatives : le compte est verrouillé pendant 15 minutes.' },
        { status: 429, statusText: 'Too Many Requests' },
      );
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('compte est verrouillé');
  });
});
