import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ConvocationLetterDto, ConvocationProgressDto } from '@cdlp/shared';
import { map, Observable } from 'rxjs';

const base = (id: string) => `/api/sittings/${encodeURIComponent(id)}/convocation`;

/** CONV-1: printed convocations of members without an e-mail address, and the sending progress. */
@Injectable({ providedIn: 'root' })
export class ConvocationLettersApi {
  private readonly http = inject(HttpClient);

  progress(id: string): Observable<ConvocationProgressDto> {
    return this.http.get<ConvocationProgressDto>(`${base(id)}/progress`);
  }

  letters(id: string): Observable<ConvocationLetterDto[]> {
    return this.http.get<ConvocationLetterDto[]>(`${base(id)}/letters`);
  }

  /** One member's letter, or all of them in one PDF; the production is recorded in the sitting. */
  download(id: string, memberId?: string): Observable<{ blob: Blob; filename: string | null }> {
    return this.http
      .post(`${base(id)}/letters.pdf`, memberId ? { memberId } : {}, {
        responseType: 'blob',
        observe: 'response',
      })
      .pipe(
        map((res) => ({
          blob: res.body ?? new Blob([], { type: 'application/pdf' }),
          filename: /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null,
        })),
      );
  }
}
