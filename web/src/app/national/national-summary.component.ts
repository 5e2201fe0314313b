import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { parisDate, Permission, type NationalDepartementDto, type NationalStatisticsDto } from '@cdlp/shared';
import { catchError, of } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { DepartementsApi } from './departements.api';
import { NationalStatisticsApi } from './national-statistics.api';

/** The current year in Paris, the default year of the national statistics. */
export function currentYear(): number {
  return Number(parisDate(new Date()).slice(0, 4));
}

/**
 * TENANT-1: the dashboard of a national account: the year's national figures (anonymised
 * totals, PSP-4 median) and, for the national administration, how many départements are open.
 */
@Component({
  selector: 'cdlp-national-summary',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="fr-mt-4w">Chiffres nationaux {{ year }}</h2>
    @if (figures(); as f) {
      <ul class="cdlp-badges" [attr.aria-label]="'Chiffres nationaux ' + year">
        @for (c of f; track c) {
          <li>
            <p class="fr-badge fr-badge--info fr-badge--no-icon">{{ c }}</p>
          </li>
        }
      </ul>
      <p>
        <a class="fr-link" routerLink="/national/statistiques">Voir les statistiques par département</a>
      </p>
    } @else if (failed()) {
      <p class="cdlp-empty">Les chiffres nationaux ne peuvent pas être chargés pour le moment.</p>
    } @else {
      <p role="status">Chargement des chiffres nationaux…</p>
    }
  `,
})
export class NationalSummaryComponent {
  readonly year = currentYear();
  private readonly statistics = signal<NationalStatisticsDto | null>(null);
  private readonly departements = signal<NationalDepartementDto[] | null>(null);
  readonly failed = signal(false);

  readonly figures = computed(() => {
    const s = this.statistics();
    if (!s) return null;
    const t = s.total;
    const out = [
      `Premières demandes : ${t.requestsInitial.display}`,
      `Renouvellements : ${t.requestsRenewal.display}`,
      `Avis rendus : ${t.opinionsFavourable.display} favorables, ${t.opinionsUnfavourable.display} défavorables`,
      `Délai médian complète → avis (PSP-4) : ${t.medianDaysCompleteToOpinion.display}`,
      `Parcours en cours : ${t.activePathways.display}`,
    ];
    const d = this.departements();
    if (d) {
      const open = d.filter((x) => x.active).length;
      out.unshift(`${open} département${open > 1 ? 's' : ''} ouvert${open > 1 ? 's' : ''} sur ${d.length}`);
    }
    return out;
  });

  constructor() {
    const auth = inject(AuthService);
    if (auth.can(Permission.NATIONAL_STATISTICS_READ)) {
      inject(NationalStatisticsApi)
        .forYear(this.year)
        .pipe(
          catchError(() => {
            this.failed.set(true);
            return of(null);
          }),
        )
        .subscribe((s) => this.statistics.set(s));
    }
    if (auth.can(Permission.DEPARTEMENTS_MANAGE)) {
      inject(DepartementsApi)
        .list()
        .pipe(catchError(() => of(null)))
        .subscribe((d) => this.departements.set(d));
    }
  }
}
