import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { DepartementDto, MemberCategoryDto } from '@cdlp/shared';
import { Observable, shareReplay } from 'rxjs';

/** Reference data: the département of this installation and the member categories (cached). */
@Injectable({ providedIn: 'root' })
export class RegistryApi {
  private readonly http = inject(HttpClient);
  private departement$?: Observable<DepartementDto>;
  private categories$?: Observable<MemberCategoryDto[]>;

  departement(): Observable<DepartementDto> {
    this.departement$ ??= this.http
      .get<DepartementDto>('/api/registry/departement')
      .pipe(shareReplay({ bufferSize: 1, refCount: false }));
    return this.departement$;
  }

  memberCategories(): Observable<MemberCategoryDto[]> {
    this.categories$ ??= this.http
      .get<MemberCategoryDto[]>('/api/registry/member-categories')
      .pipe(shareReplay({ bufferSize: 1, refCount: false }));
    return this.categories$;
  }
}
