import { HttpClient, HttpEventType } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ChecklistItemDto,
  CreatePspRequestDto,
  NationalityWaiverDto,
  PageDto,
  PspDossierDto,
  PspRequestDto,
  PspRequestKind,
  PspRequestListItemDto,
  PspRequestState,
  PspSummaryDto,
} from '@cdlp/shared';
import { filter, map, Observable } from 'rxjs';
import { queryParams } from '../core/http-params';

export type PspSort = 'completedAt' | 'updatedAt' | 'reference' | 'daysWaiting';

export interface PspQuery {
  state?: PspRequestState | '';
  kind?: PspRequestKind | '';
  associationId?: string;
  completedFrom?: string;
  completedTo?: string;
  minDaysWaiting?: number | null;
  reference?: string;
  page?: number;
  pageSize?: number;
  sort?: PspSort;
  order?: 'asc' | 'desc';
}

export interface UploadMeta {
  itemCode: string;
  docType?: string | null;
  issueDate?: string | null;
  expiryDate?: string | null;
}

/** Progress of an upload (HttpClient reportProgress), then the updated request. */
export type UploadProgress = { kind: 'progress'; percent: number } | { kind: 'done'; request: PspRequestDto };

const base = (id: string) => `/api/psp-requests/${encodeURIComponent(id)}`;

@Injectable({ providedIn: 'root' })
export class PspRequestsApi {
  private readonly http = inject(HttpClient);

  list(query: PspQuery): Observable<PageDto<PspRequestListItemDto>> {
    return this.http.get<PageDto<PspRequestListItemDto>>('/api/psp-requests', {
      params: queryParams({ ...query }),
    });
  }

  get(id: string): Observable<PspRequestDto> {
    return this.http.get<PspRequestDto>(base(id));
  }

  /** DP-2: the pseudonymised summary a convened member reads. */
  summary(id: string): Observable<PspSummaryDto> {
    return this.http.get<PspSummaryDto>(`${base(id)}/summary`);
  }

  create(body: CreatePspRequestDto): Observable<PspRequestDto> {
    return this.http.post<PspRequestDto>('/api/psp-requests', body);
  }

  /** Autosave: the whole dossier replaces the stored one. */
  update(id: string, dossier: PspDossierDto): Observable<PspRequestDto> {
    return this.http.put<PspRequestDto>(base(id), { dossier });
  }

  submit(id: string): Observable<PspRequestDto> {
    return this.http.post<PspRequestDto>(`${base(id)}/submit`, {});
  }

  withdraw(id: string, reason: string): Observable<PspRequestDto> {
    return this.http.post<PspRequestDto>(`${base(id)}/withdraw`, { reason });
  }

  /** PSP-3: several concordant documents accepted (or not) for the nationality. */
  nationalityWaiver(id: string, body: NationalityWaiverDto): Observable<PspRequestDto> {
    return this.http.post<PspRequestDto>(`${base(id)}/nationality-waiver`, body);
  }

  /** multipart/form-data: the file and its metadata; emits the progress, then the updated request. */
  upload(id: string, file: File, meta: UploadMeta): Observable<UploadProgress> {
    const form = new FormData();
    form.append('itemCode', meta.itemCode);
    if (meta.docType) form.append('docType', meta.docType);
    if (meta.issueDate) form.append('issueDate', meta.issueDate);
    if (meta.expiryDate) form.append('expiryDate', meta.expiryDate);
    form.append('file', file, file.name);
    return this.http
      .post<PspRequestDto>(`${base(id)}/documents`, form, { reportProgress: true, observe: 'events' })
      .pipe(
        map((event): UploadProgress | null => {
          if (event.type === HttpEventType.UploadProgress) {
            const total = event.total ?? file.size;
            return {
              kind: 'progress',
              percent: total > 0 ? Math.min(100, Math.round((100 * event.loaded) / total)) : 0,
            };
          }
          if (event.type === HttpEventType.Response && event.body)
            return { kind: 'done', request: event.body };
          return null;
        }),
        filter((e): e is UploadProgress => e !== null),
      );
  }

  deleteDocument(id: string, documentId: string): Observable<PspRequestDto> {
    return this.http.delete<PspRequestDto>(`${base(id)}/documents/${encodeURIComponent(documentId)}`);
  }

  /** Same-origin link: the session cookie authorises the download. */
  documentUrl(id: string, documentId: string): string {
    return `${base(id)}/documents/${encodeURIComponent(documentId)}/content`;
  }

  checklist(kind: PspRequestKind): Observable<ChecklistItemDto[]> {
    return this.http.get<ChecklistItemDto[]>('/api/psp-checklist', { params: queryParams({ kind }) });
  }
}
