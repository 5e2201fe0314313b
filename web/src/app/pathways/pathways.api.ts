import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { EndPathwayDto, PathwayDto, UpdateResidencePermitDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import type { ApiResponse } from '../core/api-types';
import { queryParams } from '../core/http-params';

export interface PathwayQuery {
  state?: 'ACTIVE' | 'ENDED' | '';
  expiringWithinDays?: number | null;
  associationId?: string;
  page?: number;
  pageSize?: number;
}

const base = (id: string) => `/api/pathways/${encodeURIComponent(id)}`;

@Injectable({ providedIn: 'root' })
export class PathwaysApi {
  private readonly http = inject(HttpClient);

  list(query: PathwayQuery): Observable<ApiResponse<'/api/pathways', 'get'>> {
    return this.http.get<ApiResponse<'/api/pathways', 'get'>>('/api/pathways', {
      params: queryParams({ ...query }),
    });
  }

  get(id: string): Observable<PathwayDto> {
    return this.http.get<PathwayDto>(base(id));
  }

  /** PSP-7: a renewal request with the progress report of the period; the identity is carried over. */
  renew(id: string, progressReport: string): Observable<ApiResponse<'/api/pathways/{id}/renewals', 'post'>> {
    return this.http.post<ApiResponse<'/api/pathways/{id}/renewals', 'post'>>(`${base(id)}/renewals`, {
      dossier: { progressReport },
    });
  }

  /** PSP-8: end of the pathway, with a reason and an effective date. */
  end(id: string, body: EndPathwayDto): Observable<ApiResponse<'/api/pathways/{id}/end', 'post'>> {
    return this.http.post<ApiResponse<'/api/pathways/{id}/end', 'post'>>(`${base(id)}/end`, body);
  }

  /** APS-1: the residence permit of a foreign person. */
  residencePermit(
    id: string,
    body: UpdateResidencePermitDto,
  ): Observable<ApiResponse<'/api/pathways/{id}/residence-permit', 'put'>> {
    return this.http.put<ApiResponse<'/api/pathways/{id}/residence-permit', 'put'>>(
      `${base(id)}/residence-permit`,
      body,
    );
  }
}
