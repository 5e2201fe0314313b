import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ActionProgressDto,
  CreateStrategyDto,
  FollowUpDto,
  IndicatorValueDto,
  PutOnAgendaDto,
  SaveStrategyVersionDto,
  SectionDiffDto,
  StrategyCommentDto,
  StrategyCommentViewDto,
  StrategyDto,
  StrategyListItemDto,
  StrategyReferenceDto,
  YearActionStatusesDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
import { queryParams } from '../core/http-params';

const base = (id: string) => `/api/strategies/${encodeURIComponent(id)}`;

/** STRAT-1: the departmental strategy, its versions, comments, adoption, signature and follow-up. */
@Injectable({ providedIn: 'root' })
export class StrategyApi {
  private readonly http = inject(HttpClient);

  /** The 16 recommendations in 6 axes of the departmental diagnostic. */
  reference(): Observable<StrategyReferenceDto> {
    return this.http.get<StrategyReferenceDto>('/api/strategy/reference');
  }

  list(): Observable<StrategyListItemDto[]> {
    return this.http.get<StrategyListItemDto[]>('/api/strategies');
  }

  create(body: CreateStrategyDto): Observable<StrategyDto> {
    return this.http.post<StrategyDto>('/api/strategies', body);
  }

  get(id: string, version?: number | null): Observable<StrategyDto> {
    return this.http.get<StrategyDto>(base(id), { params: queryParams({ version }) });
  }

  /** A new version; 409 when another version was saved since `baseVersion`. */
  saveVersion(id: string, body: SaveStrategyVersionDto): Observable<StrategyDto> {
    return this.http.post<StrategyDto>(`${base(id)}/versions`, body);
  }

  diff(id: string, from: number, to: number): Observable<SectionDiffDto[]> {
    return this.http.get<SectionDiffDto[]>(`${base(id)}/diff`, { params: queryParams({ from, to }) });
  }

  comments(id: string): Observable<StrategyCommentViewDto[]> {
    return this.http.get<StrategyCommentViewDto[]>(`${base(id)}/comments`);
  }

  comment(id: string, body: StrategyCommentDto): Observable<StrategyCommentViewDto[]> {
    return this.http.post<StrategyCommentViewDto[]>(`${base(id)}/comments`, body);
  }

  putOnAgenda(id: string, body: PutOnAgendaDto): Observable<StrategyDto> {
    return this.http.post<StrategyDto>(`${base(id)}/agenda`, body);
  }

  withdrawFromAgenda(id: string): Observable<StrategyDto> {
    return this.http.post<StrategyDto>(`${base(id)}/agenda/withdraw`, {});
  }

  /** SIG-1: the president signs the adopted version. */
  sign(id: string): Observable<StrategyDto> {
    return this.http.post<StrategyDto>(`${base(id)}/sign`, {});
  }

  indicatorValue(id: string, body: IndicatorValueDto): Observable<StrategyDto> {
    return this.http.put<StrategyDto>(`${base(id)}/indicator-values`, body);
  }

  actionProgress(id: string, body: ActionProgressDto): Observable<StrategyDto> {
    return this.http.put<StrategyDto>(`${base(id)}/action-progress`, body);
  }

  /** STRAT-1: the status of each action at the end of a year (past years of the follow-up). */
  actionStatuses(id: string, year: number): Observable<YearActionStatusesDto> {
    return this.http.get<YearActionStatusesDto>(`${base(id)}/action-statuses`, {
      params: queryParams({ year }),
    });
  }

  followUp(id: string, year: number): Observable<FollowUpDto> {
    return this.http.get<FollowUpDto>(`${base(id)}/follow-up`, { params: queryParams({ year }) });
  }

  /** Same-origin links: the session cookie authorises the downloads. */
  pdfUrl(id: string, version?: number | null): string {
    return version ? `${base(id)}/document.pdf?version=${version}` : `${base(id)}/document.pdf`;
  }

  followUpPdfUrl(id: string, year: number): string {
    return `${base(id)}/follow-up.pdf?year=${year}`;
  }

  xlsxUrl(id: string, kind: 'strategy' | 'followup', year?: number): string {
    return kind === 'followup' ? `${base(id)}/export.xlsx?kind=followup&year=${year}` : `${base(id)}/export.xlsx?kind=strategy`;
  }
}
