import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { MinutesDto, MinutesMemberLine } from '@cdlp/shared';

const MEMBER_GROUPS: {
  key: 'present' | 'remote' | 'represented' | 'substitutes' | 'excused';
  label: string;
}[] = [
  { key: 'present', label: 'Membres présents' },
  { key: 'remote', label: 'Membres présents à distance' },
  { key: 'represented', label: 'Membres représentés (mandat)' },
  { key: 'substitutes', label: 'Suppléants siégeant' },
  { key: 'excused', label: 'Membres excusés' },
];

/** PV-1: what the procès-verbal states from the records: heading, members by presence, quorum and convocation. */
@Component({
  selector: 'cdlp-minutes-record',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="cdlp-panel" aria-labelledby="entete-titre">
      <h2 id="entete-titre" class="fr-h4">En-tête</h2>
      <p class="fr-mb-1w">
        <strong>{{ m().heading.authority }}</strong>
      </p>
      <p class="fr-mb-1w">{{ m().heading.commission }}</p>
      <dl class="cdlp-details">
        <dt>Séance</dt>
        <dd>n° {{ m().sittingNumber }} - {{ m().heading.kindLabel }}</dd>
        <dt>Date</dt>
        <dd>{{ m().heading.dateLabel }}</dd>
        <dt>Lieu</dt>
        <dd>{{ m().heading.place || 'Non précisé' }}</dd>
        <dt>Modalité</dt>
        <dd>{{ m().heading.modeLabel }}</dd>
        <dt>Présidence (COMP-1)</dt>
        <dd>{{ m().chair || 'Non renseignée' }}</dd>
      </dl>
    </section>

    <section class="fr-mb-4w" aria-labelledby="membres-titre">
      <h2 id="membres-titre" class="fr-h4">Membres</h2>
      @for (g of memberGroups; track g.key) {
        <h3 class="fr-h6 fr-mb-1w">{{ g.label }} ({{ m()[g.key].length }})</h3>
        @if (m()[g.key].length === 0) {
          <p class="cdlp-empty">Aucun.</p>
        } @else {
          <ul>
            @for (line of m()[g.key]; track $index) {
              <li>{{ memberLine(line) }}</li>
            }
          </ul>
        }
      }
    </section>

    <section class="fr-mb-4w" aria-labelledby="quorum-titre">
      <h2 id="quorum-titre" class="fr-h4">Quorum et convocation</h2>
      <ul>
        <li>{{ m().quorumText }}</li>
        @if (m().secondConvocationText) {
          <li>{{ m().secondConvocationText }}</li>
        }
        <li>{{ m().convocationText }}</li>
        @if (m().urgencyReason) {
          <li>Convocation en urgence (CONV-2) : {{ m().urgencyReason }}</li>
        }
      </ul>
    </section>
  `,
})
export class MinutesRecordComponent {
  readonly m = input.required<MinutesDto>({ alias: 'minutes' });
  readonly memberGroups = MEMBER_GROUPS;

  memberLine(line: MinutesMemberLine): string {
    return [line.name, line.quality, line.detail].filter(Boolean).join(', ');
  }
}
