import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { SortState } from './list-state';
import type { SortOrder } from './query-params';

export type { SortOrder } from './query-params';

/**
 * A sortable DSFR column header: `<th cdlpSort="lastName" label="Nom" [sortState]="list.sort()">`.
 * Sorting is a link that sets `sort` and `order` in the URL (back to page 1), so the server sorts
 * and the state can be bookmarked; the header carries aria-sort while its column is the sorted one.
 */
@Component({
  selector: 'th[cdlpSort]',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { scope: 'col', '[attr.aria-sort]': 'ariaSort()' },
  template: `
    <div class="fr-cell--sort">
      <span class="fr-cell__title">{{ label() }}</span>
      <a
        class="fr-btn fr-btn--sm"
        [class.fr-btn--sort]="!active()"
        [class.fr-btn--sort-asc]="active() && sortState()?.order === 'asc'"
        [class.fr-btn--sort-desc]="active() && sortState()?.order === 'desc'"
        [routerLink]="[]"
        [queryParams]="{ sort: key(), order: nextOrder(), page: 1 }"
        queryParamsHandling="merge"
        [attr.title]="title()"
        >{{ title() }}</a
      >
    </div>
  `,
})
export class SortHeaderComponent {
  readonly key = input.required<string>({ alias: 'cdlpSort' });
  readonly label = input.required<string>();
  /** What the sort button names, as written (lower case), when the label needs its group ("avis favorables"). */
  readonly sortLabel = input<string | null>(null);
  readonly sortState = input.required<SortState | null>();

  readonly active = computed(() => this.sortState()?.sort === this.key());
  readonly nextOrder = computed<SortOrder>(() =>
    this.active() && this.sortState()?.order === 'asc' ? 'desc' : 'asc',
  );
  readonly title = computed(
    () =>
      `Trier par ${this.sortLabel() ?? this.label().toLowerCase()}, ordre ${this.nextOrder() === 'asc' ? 'croissant' : 'décroissant'}`,
  );
  readonly ariaSort = computed(() => {
    const s = this.sortState();
    return s ? ariaSort(this.key(), s.sort, s.order) : null;
  });
}

/** Value of aria-sort for a column header. */
export function ariaSort(key: string, sort: string, order: SortOrder): 'ascending' | 'descending' | null {
  if (key !== sort) return null;
  return order === 'asc' ? 'ascending' : 'descending';
}
