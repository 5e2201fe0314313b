import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SessionDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

/** The logged-in user's own account: password and sessions. */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.post<void>('/api/auth/password', { currentPassword, newPassword });
  }

  sessions(): Observable<SessionDto[]> {
    return this.http.get<SessionDto[]>('/api/auth/sessions');
  }

  revokeSession(id: string): Observable<void> {
    return this.http.delete<void>(`/api/auth/sessions/${encodeURIComponent(id)}`);
  }
}
