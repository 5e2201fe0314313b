import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateUserDto, PageDto, UpdateUserDto, UserDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import { queryParams } from '../core/http-params';

export interface UserQuery {
  search?: string;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserQuery): Observable<PageDto<UserDto>> {
    return this.http.get<PageDto<UserDto>>('/api/users', { params: queryParams({ ...query }) });
  }

  create(body: CreateUserDto): Observable<UserDto> {
    return this.http.post<UserDto>('/api/users', body);
  }

  update(id: string, body: UpdateUserDto): Observable<UserDto> {
    return this.http.put<UserDto>(`/api/users/${encodeURIComponent(id)}`, body);
  }

  unlock(id: string): Observable<void> {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/unlock`, {});
  }

  revokeSessions(id: string): Observable<void> {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/revoke-sessions`, {});
  }

  /** Invites the account to ProConnect (again: forgets the identity linked before). */
  inviteProConnect(id: string): Observable<UserDto> {
    return this.http.post<UserDto>(`/api/users/${encodeURIComponent(id)}/proconnect-invitation`, {});
  }

  withdrawProConnect(id: string): Observable<UserDto> {
    return this.http.delete<UserDto>(`/api/users/${encodeURIComponent(id)}/proconnect-invitation`);
  }
}
