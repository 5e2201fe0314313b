import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { NationalDepartementDto, OpenDepartementDto, UpdateDepartementDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

/** TENANT-1: the départements of the national instance (national administration). */
@Injectable({ providedIn: 'root' })
export class DepartementsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<NationalDepartementDto[]> {
    return this.http.get<NationalDepartementDto[]>('/api/national/departements');
  }

  get(code: string): Observable<NationalDepartementDto> {
    return this.http.get<NationalDepartementDto>(`/api/national/departements/${encodeURIComponent(code)}`);
  }

  open(body: OpenDepartementDto): Observable<NationalDepartementDto> {
    return this.http.post<NationalDepartementDto>('/api/national/departements', body);
  }

  update(code: string, body: UpdateDepartementDto): Observable<NationalDepartementDto> {
    return this.http.put<NationalDepartementDto>(
      `/api/national/departements/${encodeURIComponent(code)}`,
      body,
    );
  }
}
