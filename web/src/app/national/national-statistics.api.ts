import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { NationalStatisticsDto } from '@cdlp/shared';
import { Observable } from 'rxjs';

/** TENANT-1, PSP-4: the anonymised statistics of every département (national accounts). */
@Injectable({ providedIn: 'root' })
export class NationalStatisticsApi {
  private readonly http = inject(HttpClient);

  forYear(year: number): Observable<NationalStatisticsDto> {
    return this.http.get<NationalStatisticsDto>('/api/national/statistics', { params: { year } });
  }

  /** Same-origin download of the workbook: the session cookie authorises it. */
  exportUrl(year: number): string {
    return `/api/national/statistics/export.xlsx?year=${year}`;
  }
}
