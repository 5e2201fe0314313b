import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import {
  ADMINISTRATIVE_STATUS_LABELS,
  HOUSING_LABELS,
  NATIONALITY_GROUP_LABELS,
  OPINION_LABELS,
  SUPPORT_PILLAR_LABELS,
  type AgendaItemDto,
  type PspSummaryDto,
} from '@cdlp/shared';
import { toApiError } from '../core/api-error';
import { PspRequestsApi } from '../psp/psp.api';

/** DP-2: the summary without identity of a request on the agenda, that a convened member may open. */
@Component({
  selector: 'cdlp-psp-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="fr-btn fr-btn--sm fr-btn--tertiary"
      [attr.aria-expanded]="!!summary()"
      [attr.aria-controls]="'synthese-' + item().id"
      (click)="toggle()"
    >
      Synthèse du dossier {{ item().reference }}
    </button>
    @if (summary(); as sum) {
      <div class="cdlp-panel fr-mt-1w" [id]="'synthese-' + item().id">
        <p class="fr-text--sm">Synthèse sans identité (DP-2), consultable pendant la séance.</p>
        <dl class="cdlp-details">
          <dt>Âge</dt>
          <dd>{{ sum.ageBand || 'Non renseigné' }}</dd>
          <dt>Zone de nationalité</dt>
          <dd>{{ sum.nationalityGroup ? nationalityLabels[sum.nationalityGroup] : 'Non renseignée' }}</dd>
          <dt>Logement</dt>
          <dd>{{ sum.housing ? housingLabels[sum.housing] : 'Non renseigné' }}</dd>
          <dt>Situation administrative</dt>
          <dd>
            {{ sum.administrativeStatus ? administrativeLabels[sum.administrativeStatus] : 'Non renseignée' }}
          </dd>
          <dt>Avis de l'association</dt>
          <dd>{{ sum.associationOpinion ? opinionLabels[sum.associationOpinion] : 'Non renseigné' }}</dd>
        </dl>
        @if (sum.supportPlan.length > 0) {
          <ul>
            @for (p of sum.supportPlan; track p.pillar) {
              <li>
                <strong>{{ pillarLabels[p.pillar] }}</strong> : {{ p.plannedActions }}
              </li>
            }
          </ul>
        }
        @if (sum.evaluation) {
          <p class="cdlp-prewrap">{{ sum.evaluation }}</p>
        }
      </div>
    }
  `,
})
export class PspSummaryComponent {
  private readonly api = inject(PspRequestsApi);
  readonly item = input.required<AgendaItemDto>();
  readonly failed = output<string>();
  readonly summary = signal<PspSummaryDto | null>(null);

  readonly nationalityLabels = NATIONALITY_GROUP_LABELS;
  readonly housingLabels = HOUSING_LABELS;
  readonly administrativeLabels = ADMINISTRATIVE_STATUS_LABELS;
  readonly opinionLabels = OPINION_LABELS;
  readonly pillarLabels = SUPPORT_PILLAR_LABELS;

  toggle(): void {
    if (this.summary()) {
      this.summary.set(null);
      return;
    }
    this.api.summary(this.item().requestId as string).subscribe({
      next: (sum) => this.summary.set(sum),
      error: (err: unknown) => this.failed.emit(toApiError(err).message),
    });
  }
}
