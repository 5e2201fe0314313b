import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AddAgendaItemDto,
  AttendanceAnswerDto,
  CalendarDto,
  ConfirmPresenceDto,
  CreateSittingDto,
  PageDto,
  SendConvocationDto,
  SittingDto,
  SittingKind,
  SittingListItemDto,
  SittingState,
  WrittenDeliberationProposalDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';
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

  list(query: SittingQuery): Observable<PageDto<SittingListItemDto>> {
    // "upcoming=false" would read as true on the server (Boolean("false")): only sent when true.
    const { upcoming, ...rest } = query;
    return this.http.get<PageDto<SittingListItemDto>>('/api/sittings', {
      params: queryParams({ ...rest, upcoming: upcoming ? true : null }),
    });
  }

  /** MEET-1: the sittings of a year and the policy sittings count. */
  calendar(year: number): Observable<CalendarDto> {
    return this.http.get<CalendarDto>('/api/sittings/calendar', { params: queryParams({ year }) });
  }

  /** PSP-4: complete requests waiting with no examination sitting soon. */
  proposals(): Observable<WrittenDeliberationProposalDto[]> {
    return this.http.get<WrittenDeliberationProposalDto[]>('/api/sittings/proposals');
  }

  createWrittenDeliberation(requestIds: string[]): Observable<SittingDto> {
    return this.http.post<SittingDto>('/api/sittings/written-deliberation', { requestIds });
  }

  create(body: CreateSittingDto): Observable<SittingDto> {
    return this.http.post<SittingDto>('/api/sittings', body);
  }

  get(id: string): Observable<SittingDto> {
    return this.http.get<SittingDto>(base(id));
  }

  update(id: string, body: CreateSittingDto): Observable<SittingDto> {
    return this.http.put<SittingDto>(base(id), body);
  }

  addItem(id: string, body: AddAgendaItemDto): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/agenda`, body);
  }

  reorder(id: string, itemIds: string[]): Observable<SittingDto> {
    return this.http.put<SittingDto>(`${base(id)}/agenda/order`, { itemIds });
  }

  reopenAgenda(id: string): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/agenda/reopen`, {});
  }

  removeItem(id: string, itemId: string, reason: string): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/agenda/${encodeURIComponent(itemId)}/remove`, { reason });
  }

  uploadItemDocument(id: string, itemId: string, file: File): Observable<SittingDto> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<SittingDto>(`${base(id)}/agenda/${encodeURIComponent(itemId)}/documents`, form);
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
  convene(id: string, body: SendConvocationDto): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/convocation`, body);
  }

  resend(id: string, memberId: string): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/convocation/resend`, { memberId });
  }

  answer(id: string, body: AttendanceAnswerDto): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/attendance`, body);
  }

  confirmPresence(id: string, body: ConfirmPresenceDto): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/register`, body);
  }

  open(id: string): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/open`, {});
  }

  close(id: string): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/close`, {});
  }

  /** QUOR-2: same agenda, no quorum required. */
  secondConvocation(id: string, body: SecondConvocation): Observable<SittingDto> {
    return this.http.post<SittingDto>(`${base(id)}/second-convocation`, body);
  }

  eventsUrl(id: string): string {
    return `${base(id)}/events`;
  }
}
