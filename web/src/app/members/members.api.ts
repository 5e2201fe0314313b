import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateMemberDto,
  EndMandateDto,
  ImportResultDto,
  MemberDto,
  PageDto,
  UpdateMemberDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
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

  list(query: MemberQuery): Observable<PageDto<MemberDto>> {
    return this.http.get<PageDto<MemberDto>>('/api/members', { params: queryParams({ ...query }) });
  }

  get(id: string): Observable<MemberDto> {
    return this.http.get<MemberDto>(`/api/members/${encodeURIComponent(id)}`);
  }

  create(body: CreateMemberDto): Observable<MemberDto> {
    return this.http.post<MemberDto>('/api/members', body);
  }

  update(id: string, body: UpdateMemberDto): Observable<MemberDto> {
    return this.http.put<MemberDto>(`/api/members/${encodeURIComponent(id)}`, body);
  }

  endMandate(id: string, body: EndMandateDto): Observable<MemberDto> {
    return this.http.post<MemberDto>(`/api/members/${encodeURIComponent(id)}/end`, body);
  }

  /** multipart/form-data with the CSV in the field `file`; nothing is imported when a line is invalid. */
  importCsv(file: File): Observable<ImportResultDto> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ImportResultDto>('/api/members/import', form);
  }
}
