import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { LOGIN_PATH } from './auth.guards';
import { AuthService } from './auth.service';
import { FlashService } from './flash.service';

/** Calls whose 401 is an expected answer (wrong password, not logged in yet), not an expired session. */
const AUTH_ENDPOINTS = ['/api/auth/login', '/api/auth/me', '/api/auth/password'];

/**
 * A 401 on any other API call means the session expired or was revoked: forget the user and
 * go to the login page, coming back to the current page afterwards. The error is passed on.
 */
export const errorInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const flash = inject(FlashService);
  return next(req).pipe(
    catchError((err: unknown) => {
      if (
        err instanceof HttpErrorResponse &&
        err.status === 401 &&
        !AUTH_ENDPOINTS.some((path) => req.url.startsWith(path))
      ) {
        const wasLoggedIn = auth.isAuthenticated();
        auth.clear();
        if (wasLoggedIn) flash.show('info', 'Votre session a expiré. Veuillez vous reconnecter.');
        const current = router.url;
        if (!current.startsWith(LOGIN_PATH)) {
          void router.navigate([LOGIN_PATH], {
            queryParams: current && current !== '/' ? { retour: current } : {},
          });
        }
      }
      return throwError(() => err);
    }),
  );
};
