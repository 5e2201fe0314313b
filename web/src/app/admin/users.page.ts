import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ROLE_LABELS, type UserDto } from '@cdlp/shared';
import { Observable } from 'rxjs';
import { toApiError } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { AlertComponent } from '../ui/alert.component';
import { InstantPipe } from '../ui/dates';
import { FilterBarComponent, FilterField } from '../ui/filter-bar.component';
import { createListState } from '../ui/list-state';
import { ListResultsComponent } from '../ui/list-results.component';
import type { TableColumn } from '../ui/table.component';
import { pageParam, textParam } from '../ui/query-params';
import { UsersApi } from './users.api';

export const USERS_PAGE_SIZE = 20;

export function isLocked(user: Pick<UserDto, 'lockedUntil'>, now = new Date()): boolean {
  return !!user.lockedUntil && new Date(user.lockedUntil).getTime() > now.getTime();
}

@Component({
  selector: 'cdlp-users-page',
  imports: [RouterLink, AlertComponent, InstantPipe, FilterBarComponent, ListResultsComponent],
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

      <cdlp-filter-bar
        label="Rechercher un compte"
        submitLabel="Rechercher"
        [fields]="filterFields"
        [form]="filters"
        (apply)="list.applyFilters()"
      />

      @if (message(); as m) {
        <cdlp-alert [kind]="m.kind">{{ m.text }}</cdlp-alert>
      }
      <cdlp-list-results
        [list]="list"
        loadingText="Chargement des comptes…"
        countOne="compte"
        countMany="comptes"
        emptyText="Aucun compte ne correspond à votre recherche."
        tableId="table-comptes"
        tableClass="fr-table--multiline"
        caption="Comptes utilisateurs du portail"
        paginationLabel="Pagination des comptes"
        [columns]="columns()"
      >
        <tbody>
          @for (u of list.items(); track u.id) {
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
                      [attr.aria-label]="'Déverrouiller le compte de ' + u.firstName + ' ' + u.lastName"
                    >
                      Déverrouiller
                    </button>
                  }
                  @if (
                    proConnectEnabled() && u.role !== 'ASSOCIATION' && u.active && u.proConnect !== 'INVITED'
                  ) {
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
                      {{
                        u.proConnect === 'LINKED'
                          ? 'Renouveler l’invitation ProConnect'
                          : 'Inviter à ProConnect'
                      }}
                    </button>
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
                    [attr.aria-label]="'Révoquer les sessions de ' + u.firstName + ' ' + u.lastName"
                  >
                    Révoquer les sessions
                  </button>
                </div>
              </td>
            </tr>
          }
        </tbody>
      </cdlp-list-results>
    </div>
  `,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly auth = inject(AuthService);
  readonly currentUserId = computed(() => this.auth.user()?.id ?? null);
  readonly busy = signal<string | null>(null);
  readonly message = signal<{ kind: 'success' | 'error'; text: string } | null>(null);
  readonly filterFields: FilterField[] = [
    { id: 'search', label: 'Rechercher', hint: 'Nom, prénom ou adresse électronique', type: 'search' },
  ];
  readonly filters = new FormGroup({ search: new FormControl('', { nonNullable: true }) });
  /** ProConnect column and actions, only when the portal is configured for ProConnect. */
  private readonly loginMethods = toSignal(this.auth.loginMethods());
  readonly proConnectEnabled = computed(() => this.loginMethods()?.proConnect === true);

  readonly columns = computed<TableColumn[]>(() => [
    'Nom',
    'Adresse électronique',
    'Rôle',
    'État',
    'Dernière connexion',
    ...(this.proConnectEnabled() ? ['ProConnect'] : []),
    'Actions',
  ]);
  readonly list = createListState({
    query: { search: textParam(), page: pageParam() },
    filters: this.filters,
    load: (q) => this.api.list({ ...q, pageSize: USERS_PAGE_SIZE }),
  });

  roleLabel(u: UserDto): string {
    return ROLE_LABELS[u.role];
  }

  locked(u: UserDto): boolean {
    return isLocked(u);
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
        this.list.reload();
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.message.set({ kind: 'error', text: toApiError(err).message });
      },
    });
  }
}
