import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import {
  commissionName,
  hasPermission,
  isNationalRole,
  type CurrentUserDto,
  type LoginMethodsDto,
  type LogoutResultDto,
  type Permission,
} from '@cdlp/shared';
import { catchError, firstValueFrom, map, Observable, of, shareReplay, tap } from 'rxjs';

/** Holds the logged-in user. The server is the authority: this only decides what to show. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly currentUser = signal<CurrentUserDto | null>(null);
  private loading: Promise<CurrentUserDto | null> | null = null;
  private methods: Observable<LoginMethodsDto> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  readonly role = computed(() => this.currentUser()?.role ?? null);
  /** TENANT-1: a national account (supervision, national administration) belongs to no département. */
  readonly isNational = computed(() => {
    const role = this.role();
    return role !== null && isNationalRole(role);
  });
  /**
   * TENANT-1: « CDLP de la Vienne », the commission of a département account, so that a user of
   * the national instance always sees where they are; null for a national account.
   */
  readonly commission = computed(() => {
    const u = this.currentUser();
    return u?.departementCode && u.departementName
      ? commissionName(u.departementCode, u.departementName)
      : null;
  });

  /** Resolves the current user once (GET /api/auth/me); anonymous when the API answers 401. */
  ensureLoaded(): Promise<CurrentUserDto | null> {
    this.loading ??= firstValueFrom(
      this.http.get<CurrentUserDto>('/api/auth/me').pipe(catchError(() => of(null))),
    ).then((user) => {
      this.currentUser.set(user);
      return user;
    });
    return this.loading;
  }

  login(email: string, password: string): Observable<CurrentUserDto> {
    return this.http
      .post<CurrentUserDto>('/api/auth/login', { email, password })
      .pipe(tap((user) => this.setUser(user)));
  }

  /**
   * Ends the session. Emits the URL that also ends the ProConnect session when the session was
   * opened with ProConnect (the caller sends the browser there), null otherwise.
   */
  logout(): Observable<string | null> {
    return this.http.post<LogoutResultDto | null>('/api/auth/logout', {}).pipe(
      catchError(() => of(null)),
      map((r) => r?.endSessionUrl ?? null),
      tap(() => this.clear()),
    );
  }

  /**
   * Which ways of logging in the portal offers (asked once: it is configuration); the password
   * alone when the API cannot tell.
   */
  loginMethods(): Observable<LoginMethodsDto> {
    this.methods ??= this.http.get<LoginMethodsDto>('/api/auth/login-methods').pipe(
      catchError(() => of({ password: true, proConnect: false })),
      shareReplay(1),
    );
    return this.methods;
  }

  /** Forgets the user locally (after a logout or when the API says the session is over). */
  clear(): void {
    this.setUser(null);
  }

  can(permission: Permission): boolean {
    return hasPermission(this.currentUser()?.role, permission);
  }

  private setUser(user: CurrentUserDto | null): void {
    this.currentUser.set(user);
    this.loading = Promise.resolve(user);
  }
}
