import { HttpClient, provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { CSRF_COOKIE, CSRF_HEADER } from '@cdlp/shared';
import { signIn } from '../../testing/test-helpers';
import { AuthService } from './auth.service';
import { errorInterceptor } from './error.interceptor';
import { FlashService } from './flash.service';

@Component({ template: 'page' })
class DummyPage {}

describe('errorInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(
          withXsrfConfiguration({ cookieName: CSRF_COOKIE, headerName: CSRF_HEADER }),
          withInterceptors([errorInterceptor]),
        ),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'membres', component: DummyPage },
          { path: 'connexion', component: DummyPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });

  afterEach(() => {
    http.verify();
    document.cookie = `${CSRF_COOKIE}=; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  });

  it('sends an expired session back to the login page, then to the page it was on', async () => {
    await signIn('SECRETARIAT');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres?page=3');
    let failed = false;
    client.get('/api/members').subscribe({ error: () => (failed = true) });
    http
      .expectOne('/api/members')
      .flush({ statusCode: 401, message: 'Session expirée.' }, { status: 401, statusText: 'Unauthorized' });
    await harness.fixture.whenStable();
    expect(failed).toBe(true);
    expect(TestBed.inject(AuthService).user()).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/connexion?retour=%2Fmembres%3Fpage%3D3');
    expect(TestBed.inject(FlashService).message()?.text).toMatch(/session a expiré/);
  });

  it('leaves a failed login to the login page', async () => {
    await signIn(null);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/connexion');
    client.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, message: 'Identifiants incorrects.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/connexion');
    expect(TestBed.inject(FlashService).message()).toBeNull();
  });

  it('passes other errors through untouched', async () => {
    await signIn('SECRETARIAT');
    let status = 0;
    client.get('/api/members/x').subscribe({ error: (e: { status: number }) => (status = e.status) });
    http
      .expectOne('/api/members/x')
      .flush({ statusCode: 404, message: 'Membre introuvable.' }, { status: 404, statusText: 'Not Found' });
    expect(status).toBe(404);
    expect(TestBed.inject(AuthService).user()).not.toBeNull();
  });

  it('copies the CSRF cookie into the x-csrf-token header of state-changing requests', () => {
    document.cookie = `${CSRF_COOKIE}=token-123`;
    client.post('/api/members', {}).subscribe();
    client.get('/api/members').subscribe();
    const post = http.expectOne({ method: 'POST', url: '/api/members' });
    const get = http.expectOne({ method: 'GET', url: '/api/members' });
    expect(post.request.headers.get(CSRF_HEADER)).toBe('token-123');
    expect(get.request.headers.has(CSRF_HEADER)).toBe(false);
    post.flush({});
    get.flush({});
  });
});
