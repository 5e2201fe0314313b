import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { FormControl } from '@angular/forms';
import { OPINION_LABELS, type MinutesDto, type MinutesItemDto } from '@cdlp/shared';
import { InputFieldComponent } from '../ui/form-fields';

export interface NotesForm {
  summary: FormControl<string>;
  discussionNotes: FormControl<string>;
}

/**
 * PV-1: the items examined, with their result, recusals and dissents; while the minutes are a
 * draft, the secretariat writes the summary and the notes of the policy items.
 */
@Component({
  selector: 'cdlp-minutes-items',
  imports: [InputFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="fr-mb-4w" aria-labelledby="points-titre">
      <h2 id="points-titre" class="fr-h4">Points examinés</h2>
      @if (m().items.length === 0) {
        <p class="cdlp-empty">Aucun point n'a été examiné.</p>
      }
      @for (item of m().items; track item.itemId) {
        <article
          class="cdlp-panel"
          [id]="'point-' + item.itemId"
          [attr.aria-labelledby]="'point-titre-' + item.itemId"
        >
          <h3 class="fr-h5" [id]="'point-titre-' + item.itemId">{{ item.position }}. {{ item.title }}</h3>
          <dl class="cdlp-details">
            @if (item.associationName) {
              <dt>Association</dt>
              <dd>
                {{ item.associationName }}
                @if (item.associationOpinion) {
                  (avis de l'association : {{ item.associationOpinion }})
                }
              </dd>
            }
            <dt>Résultat</dt>
            <dd>
              @if (item.opinion) {
                <p
                  class="fr-badge fr-badge--sm"
                  [class.fr-badge--success]="item.opinion === 'FAVOURABLE'"
                  [class.fr-badge--error]="item.opinion === 'UNFAVOURABLE'"
                >
                  {{ opinionLabel(item) }}
                </p>
              }
              {{ item.resultText || 'Pas de résultat de vote.' }}
            </dd>
            <dt>Déports (COI-1)</dt>
            <dd>{{ item.recusals.length ? item.recusals.join(' ; ') : 'Aucun' }}</dd>
            <dt>Positions divergentes</dt>
            <dd>{{ item.dissents.length ? item.dissents.join(' ; ') : 'Aucune' }}</dd>
            @if (!canEditNotes(item)) {
              @if (item.summary) {
                <dt>Synthèse</dt>
                <dd class="cdlp-prewrap">{{ item.summary }}</dd>
              }
              @if (item.discussionNotes) {
                <dt>Notes des débats</dt>
                <dd class="cdlp-prewrap">{{ item.discussionNotes }}</dd>
              }
            }
          </dl>
          @if (canEditNotes(item) && notesForms()[item.itemId]; as f) {
            <form (submit)="$event.preventDefault(); saveNotes.emit(item)" novalidate>
              <cdlp-input
                [fieldId]="'synthese-' + item.itemId"
                label="Synthèse du point"
                [optional]="true"
                [multiline]="true"
                [rows]="3"
                [control]="f.summary"
              />
              <cdlp-input
                [fieldId]="'debats-' + item.itemId"
                label="Notes des débats"
                [optional]="true"
                [multiline]="true"
                [rows]="4"
                [control]="f.discussionNotes"
              />
              <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm" [disabled]="busy()">
                Enregistrer les notes<span class="fr-sr-only"> du point {{ item.position }}</span>
              </button>
            </form>
          }
        </article>
      }
    </section>
  `,
})
export class MinutesItemsComponent {
  readonly m = input.required<MinutesDto>({ alias: 'minutes' });
  readonly editable = input(false);
  readonly busy = input(false);
  readonly notesForms = input<Record<string, NotesForm>>({});
  readonly saveNotes = output<MinutesItemDto>();

  opinionLabel(item: MinutesItemDto): string {
    return item.opinion ? OPINION_LABELS[item.opinion] : '';
  }

  canEditNotes(item: MinutesItemDto): boolean {
    return this.editable() && item.kind === 'POLICY';
  }
}
