import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { fakeUser, flushLoginMethods, q, settle, setUpPageTest } from '../../testing/test-helpers';
import { AuthService } from '../core/auth.service';
import { BrowserLocation } from '../core/browser-location';
import { LoginPage } from './login.page';

@Component({ template: 'page' })
class DummyPage {}

describe('LoginPage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  const location = { assign: jest.fn<void, [string]>() };

  async function open(url = '/connexion', proConnect = false): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    flushLoginMethods(http, proConnect);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  function type(el: HTMLElement, selector: string, value: string): void {
    const input = q<HTMLInputElement>(el, selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  beforeEach(() => {
    http = setUpPageTest(
      [
        { path: 'connexion', component: LoginPage },
        { path: 'membres', component: DummyPage },
        { path: '', component: DummyPage },
      ],
      [{ provide: BrowserLocation, useValue: location }],
    );
    location.assign.mockReset();
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

  describe('ProConnect', () => {
    it('hides the ProConnect button when the portal is not configured for it', async () => {
      const el = await open();
      expect(el.querySelector('.fr-connect')).toBeNull();
      expect(el.textContent).not.toContain('ProConnect');
    });

    it('shows the ProConnect button first, as the DSFR connect button with its information link', async () => {
      const el = await open('/connexion', true);
      const button = q<HTMLButtonElement>(el, 'button.fr-connect');
      expect(button.textContent?.replace(/\s+/g, ' ').trim()).toBe('S’identifier avec ProConnect');
      expect(q(button, '.fr-connect__brand').textContent).toBe('ProConnect');
      const info = q<HTMLAnchorElement>(el, '.fr-connect-group a');
      expect(info.textContent?.trim()).toBe('Qu’est-ce que ProConnect ?');
      expect(info.href).toBe('https://www.proconnect.gouv.fr/');
      expect(info.target).toBe('_blank');
      expect(info.title).toBe('Qu’est-ce que ProConnect ? - nouvelle fenêtre');
      // ProConnect before the password form, separated by "ou".
      const order = [...el.querySelectorAll('.fr-connect, .fr-hr-or, form')].map((n) =>
        n.tagName === 'FORM' ? 'form' : n.classList.contains('fr-hr-or') ? 'ou' : 'proconnect',
      );
      expect(order).toEqual(['proconnect', 'ou', 'form']);
    });

    it('leaves for the api ProConnect route, with the page asked before logging in', async () => {
      const el = await open('/connexion?retour=%2Fmembres', true);
      q<HTMLButtonElement>(el, 'button.fr-connect').click();
      expect(location.assign).toHaveBeenCalledWith('/api/auth/proconnect/login?retour=%2Fmembres');
      http.expectNone('/api/auth/login');
    });

    it('never passes an outside address as the return page', async () => {
      const el = await open('/connexion?retour=https%3A%2F%2Fevil.example', true);
      q<HTMLButtonElement>(el, 'button.fr-connect').click();
      expect(location.assign).toHaveBeenCalledWith('/api/auth/proconnect/login?retour=%2F');
    });
  });
});
