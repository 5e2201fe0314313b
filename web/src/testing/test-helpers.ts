import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ApplicationRef, EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Routes, withComponentInputBinding } from '@angular/router';
import { isNationalRole, ROLE_PERMISSIONS, type CurrentUserDto, type Role } from '@cdlp/shared';
import { AuthService } from '../app/core/auth.service';

/** A user of that role; a national role (TENANT-1) belongs to no département. */
export function fakeUser(role: Role, overrides: Partial<CurrentUserDto> = {}): CurrentUserDto {
  const national = isNationalRole(role);
  return {
    id: `user-${role.toLowerCase()}`,
    email: `${role.toLowerCase()}@demo.cdlp.fr`,
    firstName: 'Camille',
    lastName: 'Martin',
    role,
    permissions: [...ROLE_PERMISSIONS[role]],
    memberId: null,
    associationId: null,
    associationName: null,
    departementCode: national ? null : '33',
    departementName: national ? null : 'Gironde',
    sessionIdleSeconds: 1800,
    ...overrides,
  };
}

/** Logs a fake user in through AuthService.ensureLoaded() and the mocked GET /api/auth/me. */
export async function signIn(
  role: Role | null,
  overrides: Partial<CurrentUserDto> = {},
): Promise<CurrentUserDto | null> {
  const auth = TestBed.inject(AuthService);
  const http = TestBed.inject(HttpTestingController);
  const pending = auth.ensureLoaded();
  const req = http.expectOne('/api/auth/me');
  if (role) {
    const user = fakeUser(role, overrides);
    req.flush(user);
  } else {
    req.flush(
      { statusCode: 401, message: 'Vous devez vous connecter.' },
      { status: 401, statusText: 'Unauthorized' },
    );
  }
  return pending;
}

/** Lets pending promises, router navigations and change detection settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await TestBed.inject(ApplicationRef).whenStable();
  }
}

/** Answers a request with an API error body. */
export function flushError(req: TestRequest, status: number, body: Record<string, unknown>): void {
  req.flush(body, { status, statusText: 'Error' });
}

/** querySelector that fails the test with a clear message when the element is missing. */
export function q<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector as never);
  if (!found) throw new Error(`No element matches ${selector}`);
  return found;
}

/** The first element matching the selector whose text contains the given text. */
export function byText<T extends Element = HTMLElement>(root: ParentNode, selector: string, text: string): T {
  const found = [...root.querySelectorAll<T>(selector as never)].find((e) => e.textContent?.includes(text));
  if (!found) throw new Error(`No ${selector} contains "${text}"`);
  return found;
}

/**
 * The TestBed of a page test: the real HttpClient on the testing backend and the given routes
 * (route parameters bound to inputs, as in the app), plus any other provider.
 */
export function setUpPageTest(
  routes: Routes,
  providers: (Provider | EnvironmentProviders)[] = [],
): HttpTestingController {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter(routes, withComponentInputBinding()),
      ...providers,
    ],
  });
  return TestBed.inject(HttpTestingController);
}

/** Answers the login page's question about the ways of logging in (GET /api/auth/login-methods). */
export function flushLoginMethods(http: HttpTestingController, proConnect = false): void {
  http.expectOne({ method: 'GET', url: '/api/auth/login-methods' }).flush({ password: true, proConnect });
}
