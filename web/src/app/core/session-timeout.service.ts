import { HttpClient, HttpEventType, HttpInterceptorFn } from '@angular/common/http';
import { DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { tap } from 'rxjs';
import { LOGIN_PATH } from './auth.guards';
import { AuthService } from './auth.service';
import { FlashService } from './flash.service';

/** The warning appears this long before the server closes an idle session. */
export const WARNING_BEFORE_MS = 2 * 60 * 1000;
const CHECK_EVERY_MS = 10 * 1000;

/**
 * The API closes a session after `sessionIdleSeconds` without a request. This service
 * remembers the last answer of the API, warns the user two minutes before the end
 * (with a button to stay connected) and, once the session is over, goes to the login page.
 */
@Injectable({ providedIn: 'root' })
export class SessionTimeoutService {
  private readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashService);
  private lastActivity = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Minutes left before the session ends, while the warning is shown; null otherwise. */
  readonly minutesLeft = signal<number | null>(null);

  constructor() {
    effect(() => {
      const user = this.auth.user();
      this.stop();
      if (user) {
        this.lastActivity = Date.now();
        this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
      }
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Called for every answer of the API: the server has just extended the session. */
  touch(now = Date.now()): void {
    this.lastActivity = now;
    if (this.minutesLeft() !== null) this.minutesLeft.set(null);
  }

  check(now = Date.now()): void {
    const user = this.auth.user();
    if (!user) return;
    const remaining = user.sessionIdleSeconds * 1000 - (now - this.lastActivity);
    if (remaining <= 0) {
      this.expire();
    } else if (remaining <= WARNING_BEFORE_MS) {
      this.minutesLeft.set(Math.max(1, Math.ceil(remaining / 60_000)));
    } else if (this.minutesLeft() !== null) {
      this.minutesLeft.set(null);
    }
  }

  /** "Rester connecté": any authenticated request extends the session. */
  stayConnected(): void {
    this.http.get('/api/auth/me').subscribe({ next: () => this.touch(), error: () => undefined });
  }

  private expire(): void {
    this.stop();
    this.minutesLeft.set(null);
    const current = this.router.url;
    this.auth.clear();
    this.flash.show(
      'info',
      'Votre session a expiré après une période d’inactivité. Veuillez vous reconnecter.',
    );
    void this.router.navigate([LOGIN_PATH], {
      queryParams: current && current !== '/' && !current.startsWith(LOGIN_PATH) ? { retour: current } : {},
    });
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Records each API answer as activity (the server extends the session on every authenticated request). */
export const activityInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(SessionTimeoutService);
  return next(req).pipe(
    tap((event) => {
      if (event.type === HttpEventType.Response && req.url.startsWith('/api/')) session.touch();
    }),
  );
};
