import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateUserDto, UpdateUserDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import type { ApiResponse } from '../core/api-types';
import { queryParams } from '../core/http-params';

export interface UserQuery {
  search?: string;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserQuery): Observable<ApiResponse<'/api/users', 'get'>> {
    return this.http.get<ApiResponse<'/api/users', 'get'>>('/api/users', {
      params: queryParams({ ...query }),
    });
  }

  create(body: CreateUserDto): Observable<ApiResponse<'/api/users', 'post'>> {
    return this.http.post<ApiResponse<'/api/users', 'post'>>('/api/users', body);
  }

  update(id: string, body: UpdateUserDto): Observable<ApiResponse<'/api/users/{id}', 'put'>> {
    return this.http.put<ApiResponse<'/api/users/{id}', 'put'>>(`/api/users/${encodeURIComponent(id)}`, body);
  }

  unlock(id: string): Observable<void> {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/unlock`, {});
  }

  revokeSessions(id: string): Observable<void> {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/revoke-sessions`, {});
  }

  /** Invites the account to ProConnect (again: forgets the identity linked before). */
  inviteProConnect(id: string): Observable<ApiResponse<'/api/users/{id}/proconnect-invitation', 'post'>> {
    return this.http.post<ApiResponse<'/api/users/{id}/proconnect-invitation', 'post'>>(
      `/api/users/${encodeURIComponent(id)}/proconnect-invitation`,
      {},
    );
  }

  withdrawProConnect(id: string): Observable<ApiResponse<'/api/users/{id}/proconnect-invitation', 'delete'>> {
    return this.http.delete<ApiResponse<'/api/users/{id}/proconnect-invitation', 'delete'>>(
      `/api/users/${encodeURIComponent(id)}/proconnect-invitation`,
    );
  }
}
