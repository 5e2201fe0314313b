import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateAssociationDto, EndAssociationDto, UpdateAssociationDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import type { ApiResponse } from '../core/api-types';
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

  list(query: AssociationQuery): Observable<ApiResponse<'/api/associations', 'get'>> {
    return this.http.get<ApiResponse<'/api/associations', 'get'>>('/api/associations', {
      params: queryParams({ ...query }),
    });
  }

  get(id: string): Observable<ApiResponse<'/api/associations/{id}', 'get'>> {
    return this.http.get<ApiResponse<'/api/associations/{id}', 'get'>>(
      `/api/associations/${encodeURIComponent(id)}`,
    );
  }

  create(body: CreateAssociationDto): Observable<ApiResponse<'/api/associations', 'post'>> {
    return this.http.post<ApiResponse<'/api/associations', 'post'>>('/api/associations', body);
  }

  update(id: string, body: UpdateAssociationDto): Observable<ApiResponse<'/api/associations/{id}', 'put'>> {
    return this.http.put<ApiResponse<'/api/associations/{id}', 'put'>>(
      `/api/associations/${encodeURIComponent(id)}`,
      body,
    );
  }

  end(id: string, body: EndAssociationDto): Observable<ApiResponse<'/api/associations/{id}/end', 'post'>> {
    return this.http.post<ApiResponse<'/api/associations/{id}/end', 'post'>>(
      `/api/associations/${encodeURIComponent(id)}/end`,
      body,
    );
  }
}
