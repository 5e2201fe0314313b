import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ChecklistItemDto,
  CreateChecklistItemDto,
  CreateParameterValueDto,
  MailSenderDto,
  ParameterDto,
  PspRequestKind,
  SigningCertificateDto,
  UpdateChecklistItemDto,
  UpdateMailSenderDto,
} from '@cdlp/shared';
import { Observable } from 'rxjs';

/** The settings of the caller's département: dated parameters, PSP checklist, sender and certificate. */
@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly http = inject(HttpClient);

  parameters(): Observable<ParameterDto[]> {
    return this.http.get<ParameterDto[]>('/api/parameters');
  }

  addParameterValue(key: string, body: CreateParameterValueDto): Observable<ParameterDto> {
    return this.http.post<ParameterDto>(`/api/parameters/${encodeURIComponent(key)}/values`, body);
  }

  checklist(kind: PspRequestKind): Observable<ChecklistItemDto[]> {
    return this.http.get<ChecklistItemDto[]>('/api/psp-checklist', { params: { kind, history: 'true' } });
  }

  addChecklistItem(body: CreateChecklistItemDto): Observable<ChecklistItemDto> {
    return this.http.post<ChecklistItemDto>('/api/psp-checklist', body);
  }

  updateChecklistItem(id: string, body: UpdateChecklistItemDto): Observable<ChecklistItemDto> {
    return this.http.put<ChecklistItemDto>(`/api/psp-checklist/${id}`, body);
  }

  mailSender(): Observable<MailSenderDto> {
    return this.http.get<MailSenderDto>('/api/departement-settings/mail-sender');
  }

  updateMailSender(body: UpdateMailSenderDto): Observable<MailSenderDto> {
    return this.http.put<MailSenderDto>('/api/departement-settings/mail-sender', body);
  }

  signingCertificate(): Observable<SigningCertificateDto> {
    return this.http.get<SigningCertificateDto>('/api/departement-settings/signing-certificate');
  }

  uploadSigningCertificate(file: File, password: string): Observable<SigningCertificateDto> {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('password', password);
    return this.http.put<SigningCertificateDto>('/api/departement-settings/signing-certificate', form);
  }

  removeSigningCertificate(): Observable<SigningCertificateDto> {
    return this.http.delete<SigningCertificateDto>('/api/departement-settings/signing-certificate');
  }
}
