import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { hasPermission, type Permission } from '@cdlp/shared';
import { AuthService } from './auth.service';

export const LOGIN_PATH = '/connexion';
export const FORBIDDEN_PATH = '/acces-refuse';

/** Lets logged-in users through; sends the others to the login page, remembering where they were going. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const user = await inject(AuthService).ensureLoaded();
  return user ? true : router.createUrlTree([LOGIN_PATH], { queryParams: { retour: state.url } });
};

/**
 * Route data `permission` names the permission needed (shared ROLE_PERMISSIONS table).
 * Anonymous users go to the login page, users without the permission to the "access denied" page.
 */
export const permissionGuard: CanActivateFn = async (route, state) => {
  const router = inject(Router);
  const user = await inject(AuthService).ensureLoaded();
  if (!user) return router.createUrlTree([LOGIN_PATH], { queryParams: { retour: state.url } });
  const permission = route.data['permission'] as Permission | undefined;
  if (permission && !hasPermission(user.role, permission)) return router.createUrlTree([FORBIDDEN_PATH]);
  return true;
};

/** The login and password pages are for anonymous visitors: a logged-in user goes home. */
export const guestGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const user = await inject(AuthService).ensureLoaded();
  return user ? router.createUrlTree(['/']) : true;
};

/** Only same-site paths are accepted as a return address after login (no open redirect). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith(LOGIN_PATH)) return '/';
  return value;
}
