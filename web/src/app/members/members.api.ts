import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateMemberDto, EndMandateDto, UpdateMemberDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import type { ApiResponse } from '../core/api-types';
import { queryParams } from '../core/http-params';

export type MemberStatusFilter = 'active' | 'ended' | 'all';
export type MemberSort = 'lastName' | 'category' | 'termEnd';

export interface MemberQuery {
  search?: string;
  categoryCode?: string;
  status?: MemberStatusFilter;
  page?: number;
  pageSize?: number;
  sort?: MemberSort;
  order?: 'asc' | 'desc';
}

@Injectable({ providedIn: 'root' })
export class MembersApi {
  private readonly http = inject(HttpClient);

  list(query: MemberQuery): Observable<ApiResponse<'/api/members', 'get'>> {
    return this.http.get<ApiResponse<'/api/members', 'get'>>('/api/members', {
      params: queryParams({ ...query }),
    });
  }

  get(id: string): Observable<ApiResponse<'/api/members/{id}', 'get'>> {
    return this.http.get<ApiResponse<'/api/members/{id}', 'get'>>(`/api/members/${encodeURIComponent(id)}`);
  }

  create(body: CreateMemberDto): Observable<ApiResponse<'/api/members', 'post'>> {
    return this.http.post<ApiResponse<'/api/members', 'post'>>('/api/members', body);
  }

  update(id: string, body: UpdateMemberDto): Observable<ApiResponse<'/api/members/{id}', 'put'>> {
    return this.http.put<ApiResponse<'/api/members/{id}', 'put'>>(
      `/api/members/${encodeURIComponent(id)}`,
      body,
    );
  }

  endMandate(id: string, body: EndMandateDto): Observable<ApiResponse<'/api/members/{id}/end', 'post'>> {
    return this.http.post<ApiResponse<'/api/members/{id}/end', 'post'>>(
      `/api/members/${encodeURIComponent(id)}/end`,
      body,
    );
  }

  /** multipart/form-data with the CSV in the field `file`; nothing is imported when a line is invalid. */
  importCsv(file: File): Observable<ApiResponse<'/api/members/import', 'post'>> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ApiResponse<'/api/members/import', 'post'>>('/api/members/import', form);
  }
}
