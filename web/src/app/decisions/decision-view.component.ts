import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DECISION_LABELS, type DecisionDto, type PspRequestDto } from '@cdlp/shared';
import { AlertComponent } from '../ui/alert.component';
import { DayPipe, LongInstantPipe } from '../ui/dates';

/** PSP-5, SIG-1: a prepared or signed decision, with the preview and the signature for the president. */
@Component({
  selector: 'cdlp-decision-view',
  imports: [RouterLink, AlertComponent, DayPipe, LongInstantPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" aria-labelledby="decision-titre">
      <h2 id="decision-titre" class="fr-h4">
        {{ d().state === 'SIGNED' ? 'Décision signée' : 'Projet de décision' }}
      </h2>
      <ul class="cdlp-badges" aria-label="Situation de la décision">
        <li>
          @if (d().state === 'SIGNED') {
            <p class="fr-badge fr-badge--success" id="etat-decision">Signée</p>
          } @else {
            <p class="fr-badge fr-badge--info" id="etat-decision">Projet à signer</p>
          }
        </li>
        <li>
          <p class="fr-badge fr-badge--no-icon">{{ kindLabel() }}</p>
        </li>
      </ul>
      @if (d().departsFromOpinion) {
        <cdlp-alert kind="warning" heading="La décision s'écarte de l'avis de la commission (PSP-5)">
          L'avis de la commission est consultatif : le préfet peut s'en écarter. La lettre le mentionne et en
          expose les motifs.
        </cdlp-alert>
      }
      <dl class="cdlp-details">
        <dt>Décision</dt>
        <dd>{{ kindLabel() }}</dd>
        <dt>Motifs</dt>
        <dd class="cdlp-prewrap">{{ d().reasons }}</dd>
        @if (d().pathwayStartDate) {
          <dt>Entrée dans le parcours</dt>
          <dd>{{ d().pathwayStartDate | day }}</dd>
        }
        @if (d().pathwayEndDate) {
          <dt>Fin de la période</dt>
          <dd>{{ d().pathwayEndDate | day }} (PSP-6)</dd>
        }
        <dt>Préparée le</dt>
        <dd>{{ d().preparedAt | longInstant }}</dd>
        @if (d().signedAt) {
          <dt>Signée le</dt>
          <dd>{{ d().signedAt | longInstant }}</dd>
        }
      </dl>
      @if (d().state === 'DRAFT') {
        <p>
          <a
            class="fr-link fr-icon-file-text-line fr-link--icon-left"
            [href]="previewUrl()"
            target="_blank"
            rel="noopener"
          >
            Aperçu du projet de lettre (PDF)<span class="fr-sr-only"> - nouvelle fenêtre</span>
          </a>
        </p>
        @if (canSign()) {
          <p id="signature-aide" class="fr-text--sm">
            Votre signature électronique (SIG-1) est apposée sur la lettre ;
            {{ d().kind === 'AUTHORISED' ? 'le parcours de sortie est ouvert' : 'la demande est close' }} et
            l'association est prévenue par courriel.
          </p>
          <button
            type="button"
            class="fr-btn fr-icon-edit-line fr-btn--icon-left"
            aria-describedby="signature-aide"
            [disabled]="busy()"
            (click)="sign.emit()"
          >
            Signer la décision
          </button>
        }
      } @else {
        @if (request().pathwayId && d().kind === 'AUTHORISED') {
          <p>
            <a class="fr-link" [routerLink]="['/parcours', request().pathwayId]"
              >Voir le parcours de sortie ouvert par cette décision</a
            >
          </p>
        }
      }
    </section>
  `,
})
export class DecisionViewComponent {
  readonly d = input.required<DecisionDto>({ alias: 'decision' });
  readonly request = input.required<PspRequestDto>();
  readonly canSign = input(false);
  readonly busy = input(false);
  readonly previewUrl = input.required<string>();
  readonly sign = output<void>();

  readonly kindLabel = computed(() => DECISION_LABELS[this.d().kind]);
}
