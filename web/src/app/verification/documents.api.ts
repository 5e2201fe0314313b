import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { VerificationResultDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

/** Same-origin download link of a signed document (minutes, decision, strategy): the session cookie authorises it. */
export function documentContentUrl(documentId: string): string {
  return `/api/documents/${encodeURIComponent(documentId)}/content`;
}

/** SIG-1, SIG-2: the documents signed by the portal. */
@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);

  /** SIG-2: multipart/form-data with the PDF in the field `file`. */
  verify(file: File): Observable<VerificationResultDto> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<VerificationResultDto>('/api/documents/verify', form);
  }

  contentUrl(documentId: string): string {
    return documentContentUrl(documentId);
  }
}
