import { HttpClient, HttpEventType } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreatePspRequestDto,
  NationalityWaiverDto,
  PspDossierDto,
  PspRequestDto,
  PspRequestKind,
  PspRequestState,
} from '@cdlp/shared';
import { filter, map, Observable } from 'rxjs';
import type { ApiResponse } from '../core/api-types';
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

  list(query: PspQuery): Observable<ApiResponse<'/api/psp-requests', 'get'>> {
    return this.http.get<ApiResponse<'/api/psp-requests', 'get'>>('/api/psp-requests', {
      params: queryParams({ ...query }),
    });
  }

  get(id: string): Observable<PspRequestDto> {
    return this.http.get<PspRequestDto>(base(id));
  }

  /** DP-2: the pseudonymised summary a convened member reads. */
  summary(id: string): Observable<ApiResponse<'/api/psp-requests/{id}/summary', 'get'>> {
    return this.http.get<ApiResponse<'/api/psp-requests/{id}/summary', 'get'>>(`${base(id)}/summary`);
  }

  create(body: CreatePspRequestDto): Observable<ApiResponse<'/api/psp-requests', 'post'>> {
    return this.http.post<ApiResponse<'/api/psp-requests', 'post'>>('/api/psp-requests', body);
  }

  /** Autosave: the whole dossier replaces the stored one. */
  update(id: string, dossier: PspDossierDto): Observable<PspRequestDto> {
    return this.http.put<PspRequestDto>(base(id), { dossier });
  }

  submit(id: string): Observable<ApiResponse<'/api/psp-requests/{id}/submit', 'post'>> {
    return this.http.post<ApiResponse<'/api/psp-requests/{id}/submit', 'post'>>(`${base(id)}/submit`, {});
  }

  withdraw(id: string, reason: string): Observable<ApiResponse<'/api/psp-requests/{id}/withdraw', 'post'>> {
    return this.http.post<ApiResponse<'/api/psp-requests/{id}/withdraw', 'post'>>(`${base(id)}/withdraw`, {
      reason,
    });
  }

  /** PSP-3: several concordant documents accepted (or not) for the nationality. */
  nationalityWaiver(
    id: string,
    body: NationalityWaiverDto,
  ): Observable<ApiResponse<'/api/psp-requests/{id}/nationality-waiver', 'post'>> {
    return this.http.post<ApiResponse<'/api/psp-requests/{id}/nationality-waiver', 'post'>>(
      `${base(id)}/nationality-waiver`,
      body,
    );
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

  deleteDocument(
    id: string,
    documentId: string,
  ): Observable<ApiResponse<'/api/psp-requests/{id}/documents/{documentId}', 'delete'>> {
    return this.http.delete<ApiResponse<'/api/psp-requests/{id}/documents/{documentId}', 'delete'>>(
      `${base(id)}/documents/${encodeURIComponent(documentId)}`,
    );
  }

  /** Same-origin link: the session cookie authorises the download. */
  documentUrl(id: string, documentId: string): string {
    return `${base(id)}/documents/${encodeURIComponent(documentId)}/content`;
  }

  checklist(kind: PspRequestKind): Observable<ApiResponse<'/api/psp-checklist', 'get'>> {
    return this.http.get<ApiResponse<'/api/psp-checklist', 'get'>>('/api/psp-checklist', {
      params: queryParams({ kind }),
    });
  }
}
