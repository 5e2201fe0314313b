import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ROLE_LABELS, type PageDto, type UserDto } from '@cdlp/shared';
import { catchError, map, merge, Observable, of, Subject, switchMap, tap } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { InputFieldComponent } from '../ui/form-fields';
import { PaginationComponent } from '../ui/pagination.component';
import { UsersApi } from './users.api';

export const USERS_PAGE_SIZE = 20;

export function isLocked(user: Pick<UserDto, 'lockedUntil'>, now = new Date()): boolean {
  return !!user.lockedUntil && new Date(user.lockedUntil).getTime() > now.getTime();
}

@Component({
  selector: 'cdlp-users-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AlertComponent,
    InstantPipe,
    InputFieldComponent,
    PaginationComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      <h1>Comptes utilisateurs</h1>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-icon-user-add-line" routerLink="/administration/comptes/nouveau"
            >Créer un compte</a
          >
        </li>
      </ul>

      <form
        [formGroup]="filters"
        (ngSubmit)="applyFilters()"
        class="cdlp-filters"
        role="search"
        aria-label="Rechercher un compte"
      >
        <cdlp-input
          fieldId="search"
          label="Rechercher"
          hint="Nom, prénom ou adresse électronique"
          type="search"
          [optional]="true"
          [optionalMention]="false"
          [control]="filters.controls.search"
        />
        <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">Rechercher</button>
      </form>

      @if (message(); as m) {
        <cdlp-alert [kind]="m.kind">{{ m.text }}</cdlp-alert>
      }
      <p role="status" class="fr-mb-2w">
        @if (loading()) {
          Chargement des comptes…
        } @else if (result(); as r) {
          {{ r.total }} compte{{ r.total > 1 ? 's' : '' }}
        }
      </p>

      @if (result(); as r) {
        @if (r.items.length === 0) {
          <p class="cdlp-empty">Aucun compte ne correspond à votre recherche.</p>
        } @else {
          <div class="fr-table fr-table--multiline" id="table-comptes">
            <div class="fr-table__wrapper">
              <div class="fr-table__container">
                <div class="fr-table__content">
                  <table>
                    <caption>
                      Comptes utilisateurs du portail
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Nom</th>
                        <th scope="col">Adresse électronique</th>
                        <th scope="col">Rôle</th>
                        <th scope="col">État</th>
                        <th scope="col">Dernière connexion</th>
                        @if (proConnectEnabled()) {
                          <th scope="col">ProConnect</th>
                        }
                        <th scope="col">Actions</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (u of r.items; track u.id) {
                        <tr>
                          <td>{{ u.firstName }} {{ u.lastName }}</td>
                          <td>{{ u.email }}</td>
                          <td>{{ roleLabel(u) }}</td>
                          <td>
                            <ul class="cdlp-badges fr-mb-0">
                              @if (u.active) {
                                <li><p class="fr-badge fr-badge--sm fr-badge--success">Actif</p></li>
                              } @else {
                                <li><p class="fr-badge fr-badge--sm">Désactivé</p></li>
                              }
                              @if (locked(u)) {
                                <li>
                                  <p class="fr-badge fr-badge--sm fr-badge--warning">
                                    Verrouillé jusqu'au {{ u.lockedUntil | instant }}
                                  </p>
                                </li>
                              }
                            </ul>
                          </td>
                          <td>{{ u.lastLoginAt ? (u.lastLoginAt | instant) : 'Jamais' }}</td>
                          @if (proConnectEnabled()) {
                            <td>
                              @switch (u.proConnect) {
                                @case ('LINKED') {
                                  <p class="fr-badge fr-badge--sm fr-badge--success">Relié à ProConnect</p>
                                }
                                @case ('INVITED') {
                                  <p class="fr-badge fr-badge--sm fr-badge--info">Invité à ProConnect</p>
                                  @if (u.proConnectInvitedAt) {
                                    <p class="fr-text--xs fr-mb-0">le {{ u.proConnectInvitedAt | instant }}</p>
                                  }
                                }
                                @default {
                                  {{ u.role === 'ASSOCIATION' ? 'Non concerné' : 'Non invité' }}
                                }
                              }
                            </td>
                          }
                          <td>
                            <div class="cdlp-table-actions">
                              @if (u.id !== currentUserId()) {
                                <button
                                  type="button"
                                  class="fr-btn fr-btn--sm fr-btn--secondary"
                                  [disabled]="busy() === u.id"
                                  (click)="toggleActive(u)"
                                  [attr.aria-label]="
                                    (u.active ? 'Désactiver' : 'Activer') +
                                    ' le compte de ' +
                                    u.firstName +
                                    ' ' +
                                    u.lastName
                                  "
                                >
                                  {{ u.active ? 'Désactiver' : 'Activer' }}
                                </button>
                              }
                              @if (locked(u)) {
                                <button
                                  type="button"
                                  class="fr-btn fr-btn--sm fr-btn--secondary"
                                  [disabled]="busy() === u.id"
                                  (click)="unlock(u)"
                                  [attr.aria-label]="
                                    'Déverrouiller le compte de ' + u.firstName + ' ' + u.lastName
                                  "
                                >
                                  Déverrouiller
                                </button>
                              }
                              @if (proConnectEnabled() && u.role !== 'ASSOCIATION' && u.active) {
                                @if (u.proConnect !== 'INVITED') {
                                  <button
                                    type="button"
                                    class="fr-btn fr-btn--sm fr-btn--secondary"
                                    [disabled]="busy() === u.id"
                                    (click)="inviteProConnect(u)"
                                    [attr.aria-label]="
                                      (u.proConnect === 'LINKED'
                                        ? 'Renouveler l’invitation à ProConnect de '
                                        : 'Inviter à ProConnect ') +
                                      u.firstName +
                                      ' ' +
                                      u.lastName
                                    "
                                  >
                                    {{ u.proConnect === 'LINKED' ? 'Renouveler l’invitation ProConnect' : 'Inviter à ProConnect' }}
                                  </button>
                                }
                              }
                              @if (proConnectEnabled() && u.proConnect !== 'NONE') {
                                <button
                                  type="button"
                                  class="fr-btn fr-btn--sm fr-btn--tertiary"
                                  [disabled]="busy() === u.id"
                                  (click)="withdrawProConnect(u)"
                                  [attr.aria-label]="'Retirer l’accès ProConnect de ' + u.firstName + ' ' + u.lastName"
                                >
                                  Retirer l’accès ProConnect
                                </button>
                              }
                              <button
                                type="button"
                                class="fr-btn fr-btn--sm fr-btn--tertiary"
                                [disabled]="busy() === u.id"
                                (click)="revokeSessions(u)"
                                [attr.aria-label]="
                                  'Révoquer les sessions de ' + u.firstName + ' ' + u.lastName
                                "
                              >
                                Révoquer les sessions
                              </button>
                            </div>
                          </td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
          <cdlp-pagination
            [page]="r.page"
            [pageSize]="r.pageSize"
            [total]="r.total"
            label="Pagination des comptes"
          />
        }
      }
    </div>
  `,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly reload$ = new Subject<void>();

  private readonly auth = inject(AuthService);
  readonly currentUserId = computed(() => this.auth.user()?.id ?? null);
  readonly result = signal<PageDto<UserDto> | null>(null);
  readonly loading = signal(true);
  readonly busy = signal<string | null>(null);
  readonly message = signal<{ kind: 'success' | 'error'; text: string } | null>(null);
  readonly filters = new FormGroup({ search: new FormControl('', { nonNullable: true }) });
  /** ProConnect column and actions, only when the portal is configured for ProConnect. */
  private readonly loginMethods = toSignal(this.auth.loginMethods());
  readonly proConnectEnabled = computed(() => this.loginMethods()?.proConnect === true);

  constructor() {
    const query$ = this.route.queryParamMap.pipe(
      map((q) => {
        const page = Number(q.get('page'));
        return { search: q.get('search') ?? '', page: Number.isInteger(page) && page > 0 ? page : 1 };
      }),
    );
    let last = { search: '', page: 1 };
    merge(query$, this.reload$.pipe(map(() => last)))
      .pipe(
        tap((q) => {
          last = q;
          this.filters.setValue({ search: q.search }, { emitEvent: false });
          this.loading.set(true);
        }),
        switchMap((q) =>
          this.api.list({ ...q, pageSize: USERS_PAGE_SIZE }).pipe(
            catchError((err: unknown) => {
              this.message.set({ kind: 'error', text: toApiError(err).message });
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.loading.set(false);
        this.result.set(page);
      });
  }

  roleLabel(u: UserDto): string {
    return ROLE_LABELS[u.role];
  }

  locked(u: UserDto): boolean {
    return isLocked(u);
  }

  applyFilters(): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { search: this.filters.controls.search.value.trim() || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  toggleActive(u: UserDto): void {
    const active = !u.active;
    this.run(
      u,
      this.api.update(u.id, {
        email: u.email,
        firstName: u.firstName,
        lastName: u.lastName,
        role: u.role,
        memberId: u.memberId,
        associationId: u.associationId,
        active,
      }),
      active
        ? `Le compte de ${u.firstName} ${u.lastName} est activé.`
        : `Le compte de ${u.firstName} ${u.lastName} est désactivé.`,
    );
  }

  unlock(u: UserDto): void {
    this.run(u, this.api.unlock(u.id), `Le compte de ${u.firstName} ${u.lastName} est déverrouillé.`);
  }

  revokeSessions(u: UserDto): void {
    this.run(
      u,
      this.api.revokeSessions(u.id),
      `Les sessions de ${u.firstName} ${u.lastName} ont été révoquées.`,
    );
  }

  /**
   * The first ProConnect login whose e-mail matches will link the agent's identity. Inviting a
   * linked account again forgets its identity (for an agent who changed identity provider).
   */
  inviteProConnect(u: UserDto): void {
    this.run(
      u,
      this.api.inviteProConnect(u.id),
      `${u.firstName} ${u.lastName} est invité(e) à ProConnect : sa prochaine connexion avec ProConnect, avec l’adresse ${u.email}, reliera son compte.`,
    );
  }

  withdrawProConnect(u: UserDto): void {
    this.run(
      u,
      this.api.withdrawProConnect(u.id),
      `${u.firstName} ${u.lastName} ne peut plus se connecter avec ProConnect.`,
    );
  }

  private run(u: UserDto, action: Observable<unknown>, success: string): void {
    this.busy.set(u.id);
    this.message.set(null);
    action.subscribe({
      next: () => {
        this.busy.set(null);
        this.message.set({ kind: 'success', text: success });
        this.reload$.next();
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.message.set({ kind: 'error', text: toApiError(err).message });
      },
    });
  }
}
