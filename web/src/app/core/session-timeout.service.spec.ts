import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { settle, signIn } from '../../testing/test-helpers';
import { AuthService } from './auth.service';
import { FlashService } from './flash.service';
import { activityInterceptor, SessionTimeoutService } from './session-timeout.service';

@Component({ template: 'page' })
class DummyPage {}

const MINUTE = 60_000;

describe('SessionTimeoutService', () => {
  let http: HttpTestingController;
  let service: SessionTimeoutService;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([activityInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'membres', component: DummyPage },
          { path: 'connexion', component: DummyPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('SECRETARIAT', { sessionIdleSeconds: 10 * 60 });
    service = TestBed.inject(SessionTimeoutService);
  });

  afterEach(() => http.verify());

  it('warns two minutes before an idle session ends', () => {
    const t0 = Date.now();
    service.touch(t0);
    service.check(t0 + 7 * MINUTE);
    expect(service.minutesLeft()).toBeNull();
    service.check(t0 + 8.5 * MINUTE);
    expect(service.minutesLeft()).toBe(2);
    service.check(t0 + 9.5 * MINUTE);
    expect(service.minutesLeft()).toBe(1);
  });

  it('counts every API answer as activity', () => {
    service.touch(Date.now() - 9 * MINUTE);
    service.check();
    expect(service.minutesLeft()).toBe(1);
    TestBed.inject(HttpClient).get('/api/members').subscribe();
    http.expectOne('/api/members').flush({});
    expect(service.minutesLeft()).toBeNull();
  });

  it('extends the session when the user chooses to stay connected', () => {
    service.touch(Date.now() - 9 * MINUTE);
    service.check();
    service.stayConnected();
    http.expectOne('/api/auth/me').flush({});
    service.check();
    expect(service.minutesLeft()).toBeNull();
  });

  it('logs the user out locally when the session is over and comes back after login', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres');
    const t0 = Date.now();
    service.touch(t0);
    service.check(t0 + 10 * MINUTE + 1);
    await settle();
    expect(TestBed.inject(AuthService).user()).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/connexion?retour=%2Fmembres');
    expect(TestBed.inject(FlashService).message()?.text).toMatch(/session a expiré/);
  });
});
