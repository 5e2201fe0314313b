import { Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

export type SortOrder = 'asc' | 'desc';

/**
 * Content of a sortable DSFR column header (<th [attr.aria-sort]>). Sorting is a link that sets
 * `sort` and `order` in the URL, so the server sorts and the state can be bookmarked.
 */
@Component({
  selector: 'cdlp-sort-header',
  imports: [RouterLink],
  template: `
    <div class="fr-cell--sort">
      <span class="fr-cell__title">{{ label() }}</span>
      <a
        class="fr-btn fr-btn--sm"
        [class.fr-btn--sort]="!active()"
        [class.fr-btn--sort-asc]="active() && currentOrder() === 'asc'"
        [class.fr-btn--sort-desc]="active() && currentOrder() === 'desc'"
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
  readonly key = input.required<string>();
  readonly label = input.required<string>();
  readonly currentSort = input.required<string>();
  readonly currentOrder = input.required<SortOrder>();

  readonly active = computed(() => this.currentSort() === this.key());
  readonly nextOrder = computed<SortOrder>(() =>
    this.active() && this.currentOrder() === 'asc' ? 'desc' : 'asc',
  );
  readonly title = computed(
    () =>
      `Trier par ${this.label().toLowerCase()}, ordre ${this.nextOrder() === 'asc' ? 'croissant' : 'décroissant'}`,
  );
}

/** Value of aria-sort for a column header. */
export function ariaSort(key: string, sort: string, order: SortOrder): 'ascending' | 'descending' | null {
  if (key !== sort) return null;
  return order === 'asc' ? 'ascending' : 'descending';
}
