import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Permission } from '@cdlp/shared';
import { fakeUser, signIn } from '../../testing/test-helpers';
import { AuthService } from './auth.service';

describe('AuthService', () => {
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the current user once from GET /api/auth/me', async () => {
    const user = await signIn('SECRETARIAT');
    expect(user?.role).toBe('SECRETARIAT');
    expect(auth.user()?.email).toBe('secretariat@demo.cdlp.fr');
    expect(auth.isAuthenticated()).toBe(true);
    // A second call does not hit the API again.
    await auth.ensureLoaded();
    http.expectNone('/api/auth/me');
  });

  it('is anonymous when /api/auth/me answers 401', async () => {
    expect(await signIn(null)).toBeNull();
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('logs in with the credentials and keeps the returned user', () => {
    let done = false;
    auth.login('president@demo.cdlp.fr', 'secret-password').subscribe(() => (done = true));
    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'president@demo.cdlp.fr', password: 'secret-password' });
    req.flush(fakeUser('PRESIDENT'));
    expect(done).toBe(true);
    expect(auth.role()).toBe('PRESIDENT');
  });

  it('forgets the user on logout, even if the API call fails', async () => {
    await signIn('ADMIN');
    auth.logout().subscribe();
    http
      .expectOne({ method: 'POST', url: '/api/auth/logout' })
      .flush(null, { status: 500, statusText: 'Error' });
    expect(auth.user()).toBeNull();
  });

  it('answers permission questions with the shared role table', async () => {
    await signIn('PRESIDENT');
    expect(auth.can(Permission.MEMBERS_READ)).toBe(true);
    expect(auth.can(Permission.MEMBERS_WRITE)).toBe(false);
    expect(auth.can(Permission.AUDIT_READ)).toBe(true);
  });
});
