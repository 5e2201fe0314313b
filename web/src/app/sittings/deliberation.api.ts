import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CastBallotDto, DeliberationDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

const base = (id: string) => `/api/sittings/${encodeURIComponent(id)}`;
const item = (id: string, itemId: string) => `${base(id)}/items/${encodeURIComponent(itemId)}`;

@Injectable({ providedIn: 'root' })
export class DeliberationApi {
  private readonly http = inject(HttpClient);

  get(sittingId: string): Observable<DeliberationDto> {
    return this.http.get<DeliberationDto>(`${base(sittingId)}/deliberation`);
  }

  openVote(sittingId: string, itemId: string): Observable<DeliberationDto> {
    return this.http.post<DeliberationDto>(`${item(sittingId, itemId)}/vote/open`, {});
  }

  closeVote(sittingId: string, itemId: string): Observable<DeliberationDto> {
    return this.http.post<DeliberationDto>(`${item(sittingId, itemId)}/vote/close`, {});
  }

  remind(sittingId: string, itemId: string): Observable<{ reminded: number }> {
    return this.http.post<{ reminded: number }>(`${item(sittingId, itemId)}/vote/remind`, {});
  }

  /** Idempotent: the same clientKey never records the vote twice. */
  cast(sittingId: string, itemId: string, body: CastBallotDto): Observable<DeliberationDto> {
    return this.http.post<DeliberationDto>(`${item(sittingId, itemId)}/ballots`, body);
  }

  /** COI-1. */
  declareInterest(sittingId: string, itemId: string, reason: string): Observable<DeliberationDto> {
    return this.http.post<DeliberationDto>(`${item(sittingId, itemId)}/interests`, { reason });
  }

  /** PV-1. */
  dissent(sittingId: string, itemId: string, text: string): Observable<DeliberationDto> {
    return this.http.post<DeliberationDto>(`${item(sittingId, itemId)}/dissent`, { text });
  }

  /** REM-3. */
  comment(sittingId: string, body: string, itemId?: string | null): Observable<DeliberationDto> {
    return this.http.post<DeliberationDto>(
      `${base(sittingId)}/comments`,
      itemId ? { body, itemId } : { body },
    );
  }
}
