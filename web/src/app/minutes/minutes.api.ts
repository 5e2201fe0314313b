import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { DeliberationDto, ItemNotesDto, MinutesDto, SignedDocumentDto, UpdateMinutesDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

const base = (sittingId: string) => `/api/sittings/${encodeURIComponent(sittingId)}/minutes`;

/** PV-1, SIG-1: the procès-verbal of a sitting. */
@Injectable({ providedIn: 'root' })
export class MinutesApi {
  private readonly http = inject(HttpClient);

  /** 409 while the minutes are not drafted yet. */
  get(sittingId: string): Observable<MinutesDto> {
    return this.http.get<MinutesDto>(base(sittingId));
  }

  /** Drafts the minutes of a closed sitting (or refreshes the computed parts of the draft). */
  draft(sittingId: string): Observable<MinutesDto> {
    return this.http.post<MinutesDto>(base(sittingId), {});
  }

  /** The free text: the introduction and the justifications of failed checks, by rule id. */
  update(sittingId: string, body: UpdateMinutesDto): Observable<MinutesDto> {
    return this.http.put<MinutesDto>(base(sittingId), body);
  }

  draftPdfUrl(sittingId: string): string {
    return `${base(sittingId)}/draft.pdf`;
  }

  /** SIG-1: the president signs; 409 while a failed check has no justification. */
  sign(sittingId: string): Observable<MinutesDto> {
    return this.http.post<MinutesDto>(`${base(sittingId)}/sign`, {});
  }

  newVersion(sittingId: string): Observable<MinutesDto> {
    return this.http.post<MinutesDto>(`${base(sittingId)}/new-version`, {});
  }

  documents(sittingId: string): Observable<SignedDocumentDto[]> {
    return this.http.get<SignedDocumentDto[]>(`${base(sittingId)}/documents`);
  }

  /** The summary and discussion notes of an agenda item, printed in the minutes. */
  itemNotes(sittingId: string, itemId: string, body: ItemNotesDto): Observable<DeliberationDto> {
    return this.http.put<DeliberationDto>(
      `/api/sittings/${encodeURIComponent(sittingId)}/items/${encodeURIComponent(itemId)}/notes`,
      body,
    );
  }
}
