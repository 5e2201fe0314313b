import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuditEventDto, AuditVerificationDto, PageDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import { queryParams } from '../core/http-params';

@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(page: number, pageSize: number): Observable<PageDto<AuditEventDto>> {
    return this.http.get<PageDto<AuditEventDto>>('/api/audit', { params: queryParams({ page, pageSize }) });
  }

  verify(): Observable<AuditVerificationDto> {
    return this.http.get<AuditVerificationDto>('/api/audit/verify');
  }
}
