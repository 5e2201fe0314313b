import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  hasPermission,
  Permission,
  ROLE_LABELS,
  type PspRequestListItemDto,
  type SittingListItemDto,
} from '@cdlp/shared';
import { catchError, map, of } from 'rxjs';
import { AssociationsApi } from '../associations/associations.api';
import { AuthService } from '../core/auth.service';
import { MembersApi } from '../members/members.api';
import { stateBadgeClass, stateLabel, waitingText } from '../psp/psp-labels';
import { PspRequestsApi } from '../psp/psp.api';
import { ProposalsComponent } from '../sittings/proposals.component';
import { sittingStateBadge, sittingStateLabel, sittingTitle } from '../sittings/sitting-labels';
import { SittingsApi } from '../sittings/sittings.api';
import { LongInstantPipe } from '../ui/dates';
import { ROLE_INTRODUCTIONS, tilesFor } from './dashboard';
import { NoticeComponent } from '../ui/alert.component';
import { NationalSummaryComponent } from '../national/national-summary.component';

@Component({
  selector: 'cdlp-home-page',
  imports: [NoticeComponent, RouterLink, LongInstantPipe, ProposalsComponent, NationalSummaryComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="fr-container">
      @if (user(); as u) {
        <h1>Bonjour {{ u.firstName }} {{ u.lastName }}</h1>
        <p class="fr-text--lead">{{ introduction() }}</p>
        <p>
          Vous êtes connecté(e) avec le rôle <strong>{{ roleLabel() }}</strong>
          @if (u.associationName) {
            pour l'association <strong>{{ u.associationName }}</strong>
          }
          @if (national()) {
            au niveau national : votre compte n'appartient à aucun département et ne donne accès à aucun
            dossier.
          } @else if (commission(); as c) {
            - {{ c }} ({{ u.departementCode }}).
          }
        </p>

        @if (national()) {
          <cdlp-national-summary />
        }

        @if (showCounts()) {
          <!-- The line is kept while the counts load, so that the tiles below do not move. -->
          <div class="cdlp-home-counts">
            @if (counts().length > 0) {
              <ul class="cdlp-badges" aria-label="Chiffres clés">
                @for (c of counts(); track c.label) {
                  <li>
                    <p class="fr-badge fr-badge--info fr-badge--no-icon">{{ c.label }}</p>
                  </li>
                }
              </ul>
            }
          </div>
        }

        <h2 class="fr-mt-4w">Accès rapides</h2>
        <ul class="fr-grid-row fr-grid-row--gutters cdlp-tiles" role="list">
          @for (tile of tiles(); track tile.path) {
            <li class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
              <div class="fr-tile fr-enlarge-link">
                <div class="fr-tile__body">
                  <div class="fr-tile__content">
                    <h3 class="fr-tile__title">
                      <a [routerLink]="tile.path">{{ tile.title }}</a>
                    </h3>
                    <p class="fr-tile__desc">{{ tile.description }}</p>
                  </div>
                </div>
                <div class="fr-tile__header">
                  <div class="fr-tile__pictogram">
                    <svg aria-hidden="true" class="fr-artwork" viewBox="0 0 80 80" width="80px" height="80px">
                      <use
                        class="fr-artwork-decorative"
                        [attr.href]="artwork(tile.pictogram, 'decorative')"
                      ></use>
                      <use class="fr-artwork-minor" [attr.href]="artwork(tile.pictogram, 'minor')"></use>
                      <use class="fr-artwork-major" [attr.href]="artwork(tile.pictogram, 'major')"></use>
                    </svg>
                  </div>
                </div>
              </div>
            </li>
          }
        </ul>

        @if (canManageSittings()) {
          <div class="fr-mt-6w"><cdlp-proposals /></div>
        }

        @if (showSittings()) {
          <h2 class="fr-mt-6w">{{ agendaTitle() }}</h2>
          @if (sittings() === null) {
            <p role="status">Chargement des séances…</p>
          } @else if (sittings()!.length === 0) {
            <div cdlpNotice>Aucune séance programmée.</div>
          } @else {
            <ul class="cdlp-home-list">
              @for (s of sittings(); track s.id) {
                <li>
                  <a class="fr-link" [routerLink]="['/seances', s.id]">{{ sittingName(s) }}</a>
                  - {{ s.startsAt | longInstant }}
                  <p class="fr-badge fr-badge--sm" [class]="sittingBadge(s)">{{ sittingState(s) }}</p>
                </li>
              }
            </ul>
          }
        }

        @if (showRequests()) {
          <h2 class="fr-mt-6w">{{ requestsTitle() }}</h2>
          @if (requests() === null) {
            <p role="status">Chargement des demandes…</p>
          } @else if (requests()!.length === 0) {
            <div cdlpNotice>{{ emptyRequests() }}</div>
          } @else {
            <ul class="cdlp-home-list">
              @for (r of requests(); track r.id) {
                <li>
                  <a class="fr-link" [routerLink]="['/demandes', r.id]">{{ r.reference }}</a>
                  <p class="fr-badge fr-badge--sm" [class]="requestBadge(r)">{{ requestState(r) }}</p>
                  @if (r.daysWaiting !== null) {
                    <span class="fr-text--sm"> {{ waiting(r) }}</span>
                  }
                </li>
              }
            </ul>
            <p><a class="fr-link" routerLink="/demandes">Voir toutes les demandes</a></p>
          }
        }
      }
    </div>
  `,
})
export class HomePage {
  private readonly auth = inject(AuthService);
  private readonly members = inject(MembersApi);
  private readonly associations = inject(AssociationsApi);

  readonly user = this.auth.user;
  readonly tiles = computed(() => tilesFor(this.auth.role()));
  readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? ROLE_LABELS[role] : '';
  });
  readonly introduction = computed(() => {
    const role = this.auth.role();
    return role ? ROLE_INTRODUCTIONS[role] : '';
  });
  readonly agendaTitle = computed(() =>
    this.auth.role() === 'MEMBER' ? 'Mes prochaines séances' : 'Prochaines séances',
  );
  readonly requestsTitle = computed(() =>
    this.auth.role() === 'ASSOCIATION'
      ? 'Mes demandes en cours'
      : 'Demandes en attente depuis plus de 30 jours (PSP-4)',
  );
  readonly emptyRequests = computed(() =>
    this.auth.role() === 'ASSOCIATION'
      ? 'Aucune demande en cours.'
      : "Aucune demande complète n'attend l'avis de la commission depuis plus de 30 jours.",
  );
  readonly showSittings = computed(() => hasPermission(this.auth.role(), Permission.SITTINGS_READ));
  readonly showRequests = computed(() =>
    ['ASSOCIATION', 'SECRETARIAT', 'PRESIDENT'].includes(this.auth.role() ?? ''),
  );
  readonly showCounts = computed(
    () => hasPermission(this.auth.role(), Permission.MEMBERS_READ) || hasPermission(this.auth.role(), Permission.ASSOCIATIONS_READ),
  );
  readonly canManageSittings = computed(() => hasPermission(this.auth.role(), Permission.SITTINGS_MANAGE));
  readonly sittings = signal<SittingListItemDto[] | null>(null);
  readonly requests = signal<PspRequestListItemDto[] | null>(null);
  readonly national = this.auth.isNational;
  readonly commission = this.auth.commission;
  private readonly memberCount = signal<number | null>(null);
  private readonly associationCount = signal<number | null>(null);
  readonly counts = computed(() => {
    const out: { label: string }[] = [];
    const m = this.memberCount();
    const a = this.associationCount();
    if (m !== null) out.push({ label: `${m} membre${m > 1 ? 's' : ''} en fonction` });
    if (a !== null) out.push({ label: `${a} association${a > 1 ? 's' : ''} agréée${a > 1 ? 's' : ''}` });
    return out;
  });

  constructor() {
    const role = this.auth.role();
    if (hasPermission(role, Permission.MEMBERS_READ)) {
      this.members
        .list({ status: 'active', page: 1, pageSize: 1 })
        .pipe(
          map((p) => p.total),
          catchError(() => of(null)),
        )
        .subscribe((n) => this.memberCount.set(n));
    }
    if (hasPermission(role, Permission.SITTINGS_READ)) {
      inject(SittingsApi)
        .list({ upcoming: true, page: 1, pageSize: 5 })
        .pipe(
          map((p) => p.items),
          catchError(() => of([])),
        )
        .subscribe((items) => this.sittings.set(items));
    }
    if (this.showRequests()) {
      const psp = inject(PspRequestsApi);
      (role === 'ASSOCIATION'
        ? psp.list({ page: 1, pageSize: 5, sort: 'updatedAt', order: 'desc' })
        : psp.list({ minDaysWaiting: 31, page: 1, pageSize: 5, sort: 'daysWaiting', order: 'desc' })
      )
        .pipe(
          map((p) =>
            role === 'ASSOCIATION'
              ? p.items.filter((r) => r.state !== 'DECIDED' && r.state !== 'WITHDRAWN')
              : p.items,
          ),
          catchError(() => of([])),
        )
        .subscribe((items) => this.requests.set(items));
    }
    if (hasPermission(role, Permission.ASSOCIATIONS_READ)) {
      this.associations
        .list({ status: 'active', page: 1, pageSize: 1 })
        .pipe(
          map((p) => p.total),
          catchError(() => of(null)),
        )
        .subscribe((n) => this.associationCount.set(n));
    }
  }

  sittingName(s: SittingListItemDto): string {
    return sittingTitle(s);
  }
  sittingState(s: SittingListItemDto): string {
    return sittingStateLabel(s.state);
  }
  sittingBadge(s: SittingListItemDto): string {
    return sittingStateBadge(s.state);
  }
  requestState(r: PspRequestListItemDto): string {
    return stateLabel(r.state);
  }
  requestBadge(r: PspRequestListItemDto): string {
    return stateBadgeClass(r.state);
  }
  waiting(r: PspRequestListItemDto): string {
    return waitingText(r.daysWaiting ?? 0);
  }

  artwork(pictogram: string, layer: 'decorative' | 'minor' | 'major'): string {
    return `artwork/pictograms/${pictogram}#artwork-${layer}`;
  }
}
