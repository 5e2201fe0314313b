import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { OutboxMessageDto, OutboxMessageSummaryDto, PageDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import { queryParams } from '../core/http-params';

export type OutboxStatus = 'QUEUED' | 'SENT' | 'FAILED';

export interface OutboxQuery {
  status?: OutboxStatus | '';
  relatedType?: string;
  relatedId?: string;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class OutboxApi {
  private readonly http = inject(HttpClient);

  list(query: OutboxQuery): Observable<PageDto<OutboxMessageSummaryDto>> {
    return this.http.get<PageDto<OutboxMessageSummaryDto>>('/api/outbox', {
      params: queryParams({ ...query }),
    });
  }

  get(id: string): Observable<OutboxMessageDto> {
    return this.http.get<OutboxMessageDto>(`/api/outbox/${encodeURIComponent(id)}`);
  }

  /** A failed message goes back to the queue; a sent one is copied and sent again. */
  resend(id: string): Observable<OutboxMessageSummaryDto> {
    return this.http.post<OutboxMessageSummaryDto>(`/api/outbox/${encodeURIComponent(id)}/resend`, {});
  }
}
