import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AssociationDto,
  CreateAssociationDto,
  EndAssociationDto,
  PageDto,
  UpdateAssociationDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
import { queryParams } from '../core/http-params';

export type AssociationStatusFilter = 'active' | 'ended' | 'all';

export interface AssociationQuery {
  search?: string;
  status?: AssociationStatusFilter;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class AssociationsApi {
  private readonly http = inject(HttpClient);

  list(query: AssociationQuery): Observable<PageDto<AssociationDto>> {
    return this.http.get<PageDto<AssociationDto>>('/api/associations', { params: queryParams({ ...query }) });
  }

  get(id: string): Observable<AssociationDto> {
    return this.http.get<AssociationDto>(`/api/associations/${encodeURIComponent(id)}`);
  }

  create(body: CreateAssociationDto): Observable<AssociationDto> {
    return this.http.post<AssociationDto>('/api/associations', body);
  }

  update(id: string, body: UpdateAssociationDto): Observable<AssociationDto> {
    return this.http.put<AssociationDto>(`/api/associations/${encodeURIComponent(id)}`, body);
  }

  end(id: string, body: EndAssociationDto): Observable<AssociationDto> {
    return this.http.post<AssociationDto>(`/api/associations/${encodeURIComponent(id)}/end`, body);
  }
}
