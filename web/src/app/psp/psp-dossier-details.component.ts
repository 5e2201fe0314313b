import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  ADMINISTRATIVE_STATUS_LABELS,
  HOUSING_LABELS,
  NATIONALITY_GROUP_LABELS,
  SUPPORT_PILLAR_LABELS,
  type PspRequestDto,
} from '@cdlp/shared';
import { DayPipe } from '../ui/dates';
import { TableComponent } from '../ui/table.component';
import { opinionLabel } from './psp-labels';

/** DP-1: the person's dossier as the association and the secretariat read it (audited on the API side). */
@Component({
  selector: 'cdlp-psp-dossier-details',
  imports: [DayPipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (hasIdentity()) {
      <h2 class="fr-mt-4w">Dossier de la personne</h2>
      <p class="fr-text--sm">
        Données confidentielles (DP-1) : chaque consultation est enregistrée au journal d'audit. Les membres
        de la commission n'en voient qu'une synthèse sans identité (DP-2).
      </p>
      <h3 class="fr-h6">Identité et coordonnées</h3>
      <dl class="cdlp-details">
        <dt>Nom et prénom</dt>
        <dd>{{ r().dossier.lastName }} {{ r().dossier.firstName }}</dd>
        @if (r().dossier.usedName) {
          <dt>Nom d'usage</dt>
          <dd>{{ r().dossier.usedName }}</dd>
        }
        <dt>Date de naissance</dt>
        <dd>{{ r().dossier.birthDate ? (r().dossier.birthDate | day) : 'Non renseignée' }}</dd>
        <dt>Nationalité</dt>
        <dd>{{ r().dossier.nationality || 'Non renseignée' }} {{ nationalityGroup() }}</dd>
        <dt>Personne étrangère</dt>
        <dd>
          {{ r().dossier.foreigner === undefined ? 'Non renseigné' : r().dossier.foreigner ? 'Oui' : 'Non' }}
        </dd>
        <dt>Téléphone</dt>
        <dd>{{ r().dossier.phone || 'Non renseigné' }}</dd>
        <dt>Adresse électronique</dt>
        <dd>{{ r().dossier.email || 'Non renseignée' }}</dd>
        <dt>Adresse ou domiciliation</dt>
        <dd>{{ r().dossier.postalAddress || 'Non renseignée' }}</dd>
      </dl>
      <h3 class="fr-h6">Situation</h3>
      <dl class="cdlp-details">
        <dt>Situation familiale</dt>
        <dd>{{ r().dossier.familySituation || 'Non renseignée' }}</dd>
        <dt>Enfants à charge</dt>
        <dd>{{ r().dossier.childrenCount ?? 'Non renseigné' }}</dd>
        <dt>Logement</dt>
        <dd>{{ housing() }}</dd>
        <dt>Ressources</dt>
        <dd>{{ r().dossier.resources || 'Non renseignées' }}</dd>
        <dt>Situation administrative</dt>
        <dd>{{ administrative() }}</dd>
      </dl>
    }
    @if ((r().dossier.supportPlan ?? []).length > 0) {
      <h3 class="fr-h6">Projet de parcours</h3>
      <div
        class="fr-table fr-table--no-caption fr-table--multiline"
        id="table-projet"
        cdlpTable="Projet de parcours par pilier"
        [columns]="['Pilier', 'Actions prévues', 'Engagements de la personne']"
      >
        <tbody>
          @for (p of r().dossier.supportPlan; track p.pillar) {
            <tr>
              <th scope="row">{{ pillarLabel(p.pillar) }}</th>
              <td>{{ p.plannedActions }}</td>
              <td>{{ p.commitments }}</td>
            </tr>
          }
        </tbody>
      </div>
    }
    @if (r().dossier.evaluation || r().dossier.associationOpinion) {
      <h3 class="fr-h6">Évaluation et avis de l'association</h3>
      <p class="cdlp-prewrap">{{ r().dossier.evaluation }}</p>
      @if (r().dossier.associationOpinion) {
        <p>
          <strong>{{ associationOpinion() }}</strong> de l'association.
        </p>
      }
    }
    @if (r().dossier.progressReport) {
      <h3 class="fr-h6">Bilan de la période écoulée (PSP-7)</h3>
      <p class="cdlp-prewrap">{{ r().dossier.progressReport }}</p>
    }
  `,
})
export class PspDossierDetailsComponent {
  readonly r = input.required<PspRequestDto>({ alias: 'request' });

  readonly hasIdentity = computed(() => {
    const d = this.r().dossier;
    return !!d.lastName || !!d.firstName || !!d.birthDate;
  });
  readonly associationOpinion = computed(() => opinionLabel(this.r().dossier.associationOpinion));
  readonly housing = computed(() => {
    const h = this.r().dossier.housing;
    return h ? HOUSING_LABELS[h] : 'Non renseigné';
  });
  readonly administrative = computed(() => {
    const a = this.r().dossier.administrativeStatus;
    return a ? ADMINISTRATIVE_STATUS_LABELS[a] : 'Non renseignée';
  });
  readonly nationalityGroup = computed(() => {
    const g = this.r().dossier.nationalityGroup;
    return g ? `(${NATIONALITY_GROUP_LABELS[g]})` : '';
  });

  pillarLabel(p: keyof typeof SUPPORT_PILLAR_LABELS): string {
    return SUPPORT_PILLAR_LABELS[p];
  }
}
