import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  EndPathwayDto,
  PageDto,
  PathwayDto,
  PspRequestDto,
  UpdateResidencePermitDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
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

  list(query: PathwayQuery): Observable<PageDto<PathwayDto>> {
    return this.http.get<PageDto<PathwayDto>>('/api/pathways', { params: queryParams({ ...query }) });
  }

  get(id: string): Observable<PathwayDto> {
    return this.http.get<PathwayDto>(base(id));
  }

  /** PSP-7: a renewal request with the progress report of the period; the identity is carried over. */
  renew(id: string, progressReport: string): Observable<PspRequestDto> {
    return this.http.post<PspRequestDto>(`${base(id)}/renewals`, { dossier: { progressReport } });
  }

  /** PSP-8: end of the pathway, with a reason and an effective date. */
  end(id: string, body: EndPathwayDto): Observable<PathwayDto> {
    return this.http.post<PathwayDto>(`${base(id)}/end`, body);
  }

  /** APS-1: the residence permit of a foreign person. */
  residencePermit(id: string, body: UpdateResidencePermitDto): Observable<PathwayDto> {
    return this.http.put<PathwayDto>(`${base(id)}/residence-permit`, body);
  }
}
