import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { hasPermission, type CurrentUserDto, type Permission } from '@cdlp/shared';
import { catchError, firstValueFrom, map, Observable, of, tap } from 'rxjs';

/** Holds the logged-in user. The server is the authority: this only decides what to show. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly currentUser = signal<CurrentUserDto | null>(null);
  private loading: Promise<CurrentUserDto | null> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  readonly role = computed(() => this.currentUser()?.role ?? null);

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

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', {}).pipe(
      catchError(() => of(undefined)),
      map(() => undefined),
      tap(() => this.clear()),
    );
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
