import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { DecisionDto, PrepareDecisionDto, SignedDocumentDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

const base = (requestId: string) => `/api/psp-requests/${encodeURIComponent(requestId)}/decision`;

/** PSP-5, SIG-1: the préfet's decision on a PSP request, prepared by the secretariat, signed by the president. */
@Injectable({ providedIn: 'root' })
export class DecisionsApi {
  private readonly http = inject(HttpClient);

  /** `decision` is null while none is prepared. */
  get(requestId: string): Observable<{ decision: DecisionDto | null }> {
    return this.http.get<{ decision: DecisionDto | null }>(base(requestId));
  }

  prepare(requestId: string, body: PrepareDecisionDto): Observable<DecisionDto> {
    return this.http.put<DecisionDto>(base(requestId), body);
  }

  previewUrl(requestId: string): string {
    return `${base(requestId)}/draft.pdf`;
  }

  sign(requestId: string): Observable<DecisionDto> {
    return this.http.post<DecisionDto>(`${base(requestId)}/sign`, {});
  }

  documents(requestId: string): Observable<SignedDocumentDto[]> {
    return this.http.get<SignedDocumentDto[]>(`${base(requestId)}/documents`);
  }
}
