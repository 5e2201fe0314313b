import { inject, Injectable } from '@angular/core';
import { Permission } from '@cdlp/shared';
import { catchError, forkJoin, map, Observable, of } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { AuthService } from '../core/auth.service';
import { MembersApi } from '../members/members.api';
import { associationParty, memberParty, RegistryParty } from './party-fields.component';

/**
 * The leads and partners an action can name: the members and the approved associations of the
 * registry, for a user who may read them; an empty list otherwise (free text only).
 */
@Injectable({ providedIn: 'root' })
export class StrategyPartiesService {
  private readonly auth = inject(AuthService);
  private readonly members = inject(MembersApi);
  private readonly associations = inject(AssociationsApi);

  parties(): Observable<RegistryParty[]> {
    const members = this.auth.can(Permission.MEMBERS_READ)
      ? this.members.list({ status: 'active', page: 1, pageSize: 200, sort: 'lastName', order: 'asc' }).pipe(
          map((p) => p.items.map(memberParty)),
          catchError(() => of([] as RegistryParty[])),
        )
      : of([] as RegistryParty[]);
    const associations = this.auth.can(Permission.ASSOCIATIONS_READ)
      ? this.associations.list({ status: 'active', page: 1, pageSize: 200 }).pipe(
          map((p) => p.items.map(associationParty)),
          catchError(() => of([] as RegistryParty[])),
        )
      : of([] as RegistryParty[]);
    return forkJoin([members, associations]).pipe(
      map(([m, a]) => [...m, ...a.sort((x, y) => x.name.localeCompare(y.name, 'fr'))]),
    );
  }
}
