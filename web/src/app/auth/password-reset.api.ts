import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

/** Forgotten password: ask for a link by e-mail, then set a new password with the link's token. */
@Injectable({ providedIn: 'root' })
export class PasswordResetApi {
  private readonly http = inject(HttpClient);

  request(email: string): Observable<void> {
    return this.http.post<void>('/api/auth/password-reset/request', { email });
  }

  reset(token: string, newPassword: string): Observable<void> {
    return this.http.post<void>('/api/auth/password-reset', { token, newPassword });
  }
}
