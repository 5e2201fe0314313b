import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AddAgendaItemDto,
  AttendanceAnswerDto,
  ConfirmPresenceDto,
  CreateSittingDto,
  SendConvocationDto,
  SittingDto,
  SittingKind,
  SittingState,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
import type { ApiResponse } from '../core/api-types';
import { queryParams } from '../core/http-params';

export interface SittingQuery {
  year?: number | null;
  state?: SittingState | '';
  kind?: SittingKind | '';
  upcoming?: boolean;
  page?: number;
  pageSize?: number;
}

export interface SecondConvocation {
  startsAtLocal: string;
  place?: string;
  videoLink?: string;
}

const base = (id: string) => `/api/sittings/${encodeURIComponent(id)}`;

@Injectable({ providedIn: 'root' })
export class SittingsApi {
  private readonly http = inject(HttpClient);

  list(query: SittingQuery): Observable<ApiResponse<'/api/sittings', 'get'>> {
    // "upcoming=false" would read as true on the server (Boolean("false")): only sent when true.
    const { upcoming, ...rest } = query;
    return this.http.get<ApiResponse<'/api/sittings', 'get'>>('/api/sittings', {
      params: queryParams({ ...rest, upcoming: upcoming ? true : null }),
    });
  }

  /** MEET-1: the sittings of a year and the policy sittings count. */
  calendar(year: number): Observable<ApiResponse<'/api/sittings/calendar', 'get'>> {
    return this.http.get<ApiResponse<'/api/sittings/calendar', 'get'>>('/api/sittings/calendar', {
      params: queryParams({ year }),
    });
  }

  /** PSP-4: complete requests waiting with no examination sitting soon. */
  proposals(): Observable<ApiResponse<'/api/sittings/proposals', 'get'>> {
    return this.http.get<ApiResponse<'/api/sittings/proposals', 'get'>>('/api/sittings/proposals');
  }

  createWrittenDeliberation(
    requestIds: string[],
  ): Observable<ApiResponse<'/api/sittings/written-deliberation', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/written-deliberation', 'post'>>(
      '/api/sittings/written-deliberation',
      { requestIds },
    );
  }

  create(body: CreateSittingDto): Observable<ApiResponse<'/api/sittings', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings', 'post'>>('/api/sittings', body);
  }

  get(id: string): Observable<SittingDto> {
    return this.http.get<SittingDto>(base(id));
  }

  update(id: string, body: CreateSittingDto): Observable<SittingDto> {
    return this.http.put<SittingDto>(base(id), body);
  }

  addItem(id: string, body: AddAgendaItemDto): Observable<ApiResponse<'/api/sittings/{id}/agenda', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/agenda', 'post'>>(`${base(id)}/agenda`, body);
  }

  reorder(id: string, itemIds: string[]): Observable<ApiResponse<'/api/sittings/{id}/agenda/order', 'put'>> {
    return this.http.put<ApiResponse<'/api/sittings/{id}/agenda/order', 'put'>>(`${base(id)}/agenda/order`, {
      itemIds,
    });
  }

  reopenAgenda(id: string): Observable<ApiResponse<'/api/sittings/{id}/agenda/reopen', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/agenda/reopen', 'post'>>(
      `${base(id)}/agenda/reopen`,
      {},
    );
  }

  removeItem(
    id: string,
    itemId: string,
    reason: string,
  ): Observable<ApiResponse<'/api/sittings/{id}/agenda/{itemId}/remove', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/agenda/{itemId}/remove', 'post'>>(
      `${base(id)}/agenda/${encodeURIComponent(itemId)}/remove`,
      { reason },
    );
  }

  uploadItemDocument(
    id: string,
    itemId: string,
    file: File,
  ): Observable<ApiResponse<'/api/sittings/{id}/agenda/{itemId}/documents', 'post'>> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<ApiResponse<'/api/sittings/{id}/agenda/{itemId}/documents', 'post'>>(
      `${base(id)}/agenda/${encodeURIComponent(itemId)}/documents`,
      form,
    );
  }

  itemDocumentUrl(id: string, itemId: string, documentId: string): string {
    return `${base(id)}/agenda/${encodeURIComponent(itemId)}/documents/${encodeURIComponent(documentId)}`;
  }

  agendaPdfUrl(id: string): string {
    return `${base(id)}/agenda.pdf`;
  }

  icsUrl(id: string): string {
    return `${base(id)}/calendar.ics`;
  }

  /** CONV-2: urgent with a reason when sent less than 5 days before. */
  convene(
    id: string,
    body: SendConvocationDto,
  ): Observable<ApiResponse<'/api/sittings/{id}/convocation', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/convocation', 'post'>>(
      `${base(id)}/convocation`,
      body,
    );
  }

  resend(
    id: string,
    memberId: string,
  ): Observable<ApiResponse<'/api/sittings/{id}/convocation/resend', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/convocation/resend', 'post'>>(
      `${base(id)}/convocation/resend`,
      { memberId },
    );
  }

  answer(
    id: string,
    body: AttendanceAnswerDto,
  ): Observable<ApiResponse<'/api/sittings/{id}/attendance', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/attendance', 'post'>>(
      `${base(id)}/attendance`,
      body,
    );
  }

  confirmPresence(
    id: string,
    body: ConfirmPresenceDto,
  ): Observable<ApiResponse<'/api/sittings/{id}/register', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/register', 'post'>>(`${base(id)}/register`, body);
  }

  open(id: string): Observable<ApiResponse<'/api/sittings/{id}/open', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/open', 'post'>>(`${base(id)}/open`, {});
  }

  close(id: string): Observable<ApiResponse<'/api/sittings/{id}/close', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/close', 'post'>>(`${base(id)}/close`, {});
  }

  /** QUOR-2: same agenda, no quorum required. */
  secondConvocation(
    id: string,
    body: SecondConvocation,
  ): Observable<ApiResponse<'/api/sittings/{id}/second-convocation', 'post'>> {
    return this.http.post<ApiResponse<'/api/sittings/{id}/second-convocation', 'post'>>(
      `${base(id)}/second-convocation`,
      body,
    );
  }

  eventsUrl(id: string): string {
    return `${base(id)}/events`;
  }
}
